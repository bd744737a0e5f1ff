// Dragging objects out of the window onto the desktop or into a file manager. The OS drag
// needs real files the moment it starts (Electron's webContents.startDrag takes paths), so
// Ferry fetches the objects first, while the pointer is still held: only what arrives in a
// moment is offered, and anything larger is a Download into a folder the person picks.
import { MiB } from './s3-limits'

export const DRAG_OUT_MAX_OBJECTS = 32
export const DRAG_OUT_MAX_BYTES = 64 * MiB

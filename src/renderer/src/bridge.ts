// The renderer's only way to main. window.ferry is set before any module runs (by the
// preload in Electron, by the harness in end-to-end tests).
import type { FerryWindowApi } from '../../preload/api'

export const ferry: FerryWindowApi = window.ferry

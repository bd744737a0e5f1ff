// The only file besides src/main/electron/ipc-transport.ts allowed to touch Electron IPC.
// It exposes named functions, never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { bridgeEvents, bridgeMethods } from '../shared/bridge/methods'
import { createFerryApi } from './ferry-api'

const ferry = createFerryApi(bridgeMethods, bridgeEvents, {
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe(channel, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.removeListener(channel, wrapped)
  },
})

// Sandboxed pages no longer see File.path; a dropped file's path comes from webUtils, which
// answers only for files the user actually dropped or picked (others give '').
const pathForFile = (file: File): string => webUtils.getPathForFile(file)

contextBridge.exposeInMainWorld('ferry', { ...ferry, pathForFile })

import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

// The only thing the page gets from Electron: the typed contract, no ipcRenderer, no Node.
contextBridge.exposeInMainWorld('paramscope', createBridge(ipcRenderer))

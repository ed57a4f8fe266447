import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createBridge } from './bridge'

// The only things the page gets from Electron: the typed contract and the path of a dropped
// file, no ipcRenderer, no Node.
contextBridge.exposeInMainWorld('paramscope', createBridge(ipcRenderer, webUtils))

/** electron-vite builds `import file from '…?asset'` into that file's path at run time. */
declare module '*?asset' {
  const path: string
  export default path
}

import './app.css'
import { ObjectBrowser } from './components/browser/ObjectBrowser'
import { SettingsDialog } from './components/settings/SettingsDialog'
import { ConnectionDialog } from './components/sidebar/ConnectionDialog'
import { Sidebar } from './components/sidebar/Sidebar'
import { TransfersPanel } from './components/transfers/TransfersPanel'
import { SyncSheet } from './components/sync/SyncSheet'
import { UploadSheet } from './components/upload/UploadSheet'
import './store/store'
import './commands/shortcuts'
import { MenusHost } from './context-menu/MenusHost'

export function App() {
  return (
    <div className="app">
      <Sidebar />
      <main className="app__main">
        <ObjectBrowser />
        <TransfersPanel />
      </main>
      <ConnectionDialog />
      <UploadSheet />
      <SyncSheet />
      <SettingsDialog />
      <MenusHost />
    </div>
  )
}

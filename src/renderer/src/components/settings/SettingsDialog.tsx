import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { Modal } from '../common/Modal'
import { SettingsForm } from './SettingsForm'
import './settings.css'

export function SettingsDialog() {
  const { open, settings, openSettings } = useStore(
    useShallow((s) => ({ open: s.settingsOpen, settings: s.settings, openSettings: s.openSettings })),
  )
  const close = () => openSettings(false)
  return (
    <Modal
      open={open && settings !== null}
      onClose={close}
      labelledBy="settings-title"
      className="settings-dialog"
    >
      {settings ? <SettingsForm titleId="settings-title" settings={settings} onDone={close} /> : null}
    </Modal>
  )
}

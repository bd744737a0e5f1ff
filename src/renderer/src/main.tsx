import './zod-without-eval'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles/theme.css'
import './styles/base.css'
import './styles/forms.css'
import { App } from './App'
import { guardWindowAgainstStrayDrops } from './window-drops'

guardWindowAgainstStrayDrops()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

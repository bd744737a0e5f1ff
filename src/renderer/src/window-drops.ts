/**
 * Files dropped outside the object browser must do nothing: left alone, Chromium would open
 * the file in place of the app. The browser's own drop handler runs first and claims its drops.
 */
export function guardWindowAgainstStrayDrops(): void {
  window.addEventListener('dragover', (event) => {
    if (event.defaultPrevented) return
    event.preventDefault()
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'none'
  })
  window.addEventListener('drop', (event) => event.preventDefault())
}

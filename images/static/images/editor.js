/* The admin editor's image uploads: CSRF token on every upload, alt text required.
 * Loaded after CKEditor (publications/editor.py). */
/* global CKEDITOR */
;(() => {
  if (!window.CKEDITOR) return

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]")
    if (field) return field.value
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : ""
  }

  CKEDITOR.on("instanceCreated", (event) => {
    const editor = event.editor
    editor.on("configLoaded", () => {
      editor.config.fileTools_requestHeaders = {
        "X-CSRFToken": csrfToken(),
        "X-Requested-With": "XMLHttpRequest",
      }
    })
  })

  CKEDITOR.on("dialogDefinition", (event) => {
    if (event.data.name !== "image") return
    const editor = event.editor || event.data.definition.dialog.getParentEditor()
    const message =
      (editor && editor.config.thinktankAltRequired) ||
      "Describe the image for readers who cannot see it (alternative text)."
    const alt = event.data.definition.getContents("info").get("txtAlt")
    if (!alt) return
    alt.required = true
    alt.validate = function () {
      if (this.getValue().trim()) return true
      alert(message)
      return false
    }
  })
})()

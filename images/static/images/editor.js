/* The admin editor's image uploads: CSRF token on every upload, alt text required.
 * Loaded after CKEditor (publications/editor.py); waits for it all the same. */
/* global CKEDITOR */
;(() => {
  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]")
    if (field) return field.value
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : ""
  }

  // Read by CKEditor's fileTools when each upload is sent.
  function sendTokenWithUploads(editor) {
    editor.config.fileTools_requestHeaders = {
      "X-CSRFToken": csrfToken(),
      "X-Requested-With": "XMLHttpRequest",
    }
  }

  function requireAltText(event) {
    if (event.data.name !== "image") return
    const editor = event.editor
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
  }

  function setUp() {
    if (!window.CKEDITOR) {
      setTimeout(setUp, 50)
      return
    }
    CKEDITOR.on("instanceReady", (event) => sendTokenWithUploads(event.editor))
    for (const name in CKEDITOR.instances) sendTokenWithUploads(CKEDITOR.instances[name])
    CKEDITOR.on("dialogDefinition", requireAltText)
  }

  setUp()
})()

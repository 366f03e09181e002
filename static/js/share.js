/* Share, copy, print and cite on the article and cite pages.
 * Without JavaScript: the share links are plain links, "Cite" opens the cite
 * page, and the copy and print buttons stay hidden (they need a script). */
(function () {
  "use strict";

  var KAKAO_SDK = "https://t1.kakaocdn.net/kakao_js_sdk/2.7.4/kakao.min.js";

  function reveal(root) {
    root.querySelectorAll("[data-copy-text], [data-copy-target], [data-print]").forEach(function (b) {
      b.hidden = false;
    });
  }

  function say(from, text) {
    var scope = from.closest("dialog, section, .article-actions") || document;
    var status = scope.querySelector("[data-share-status]") || document.querySelector("[data-share-status]");
    if (status) status.textContent = text;
  }

  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyFallback(text); });
    }
    return copyFallback(text);
  }

  function copied(button, text) {
    copy(text).then(function () {
      say(button, button.getAttribute("data-copied") || "Copied");
    }, function () {
      say(button, "");
    });
  }

  var kakaoLoading = null;
  function kakao(link) {
    if (!kakaoLoading) {
      kakaoLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = KAKAO_SDK;
        script.onload = function () { resolve(window.Kakao); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return kakaoLoading.then(function (Kakao) {
      if (!Kakao.isInitialized()) Kakao.init(link.getAttribute("data-kakao-key"));
      var url = link.getAttribute("data-kakao-url");
      Kakao.Share.sendDefault({
        objectType: "feed",
        content: {
          title: link.getAttribute("data-kakao-title"),
          description: link.getAttribute("data-kakao-description"),
          imageUrl: link.getAttribute("data-kakao-image"),
          link: { mobileWebUrl: url, webUrl: url }
        }
      });
    });
  }

  function openCite(link, dialog) {
    var body = dialog.querySelector("[data-cite-body]");
    var ready = body.childElementCount ? Promise.resolve() :
      fetch(link.href, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (html) {
        var found = new DOMParser().parseFromString(html, "text/html").getElementById("citation");
        if (!found) throw new Error("no citation");
        body.appendChild(document.importNode(found, true));
        reveal(body);
      });
    ready.then(function () { dialog.showModal(); }, function () { window.location.href = link.href; });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-copy-text], [data-copy-target], [data-print], [data-cite-dialog], [data-kakao-key]");
    if (!target) return;
    if (target.hasAttribute("data-copy-text")) {
      copied(target, target.getAttribute("data-copy-text"));
    } else if (target.hasAttribute("data-copy-target")) {
      var source = document.getElementById(target.getAttribute("data-copy-target"));
      if (source) copied(target, source.textContent.trim());
    } else if (target.hasAttribute("data-print")) {
      window.print();
    } else if (target.hasAttribute("data-cite-dialog")) {
      var dialog = document.getElementById(target.getAttribute("data-cite-dialog"));
      if (!dialog || typeof dialog.showModal !== "function") return;  // the cite page, as a link
      event.preventDefault();
      openCite(target, dialog);
    } else if (target.hasAttribute("data-kakao-key")) {
      event.preventDefault();
      kakao(target).catch(function () {
        window.open(target.href, "_blank", "noopener,noreferrer");
      });
    }
  });

  reveal(document);
})();

// Citation links: clicking [n] in an answer highlights source n in the evidence panel.
// (Gradio's page says lang="en"; the content is Chinese.)
(function () {
  document.documentElement.lang = "zh-CN";

  function showSource(id) {
    var target = document.getElementById(id);
    if (!target) return false;
    var folded = target.closest("details");
    if (folded) folded.open = true;
    document.querySelectorAll(".ev-item.active").forEach(function (el) {
      el.classList.remove("active");
    });
    target.classList.add("active");
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.cite, a[href^='#src-']");
    if (!link) return;
    var id = (link.getAttribute("href") || "").split("#")[1] || "";
    if (id.indexOf("src-") !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    showSource(id);
  }, true);

  // Copy the answer with its sources; navigator.clipboard needs https or localhost.
  window.policyqaCopy = function (text) {
    if (!text) return;
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); } finally { area.remove(); }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch(fallback);
    } else {
      fallback();
    }
    var button = document.getElementById("copy");
    if (button) {
      var label = button.textContent;
      button.textContent = "✔ 已复制";
      setTimeout(function () { button.textContent = label; }, 1500);
    }
  };
})();

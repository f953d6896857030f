// Portal widget: <script src="https://QA-HOST/widget.js"></script> adds a floating chat button
// that opens the /embed page in an iframe. Optional: data-label="政策问答", data-position="left",
// data-view="match" (the 政策匹配 form instead of the chat).
(function () {
  var script = document.currentScript;
  if (!script || window.__policyqaWidget) return;
  window.__policyqaWidget = true;
  var matchView = script.getAttribute("data-view") === "match";
  var embedUrl = new URL(matchView ? "embed/match/" : "embed/", script.src).href;
  var label = script.getAttribute("data-label") || (matchView ? "政策匹配" : "政策问答");
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";

  var style = document.createElement("style");
  style.textContent =
    ".policyqa-button{position:fixed;bottom:24px;" + side + ":24px;z-index:2147483000;" +
    "background:#b91c1c;color:#fff;border:0;border-radius:24px;padding:12px 18px;font-size:15px;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}" +
    ".policyqa-frame{position:fixed;bottom:84px;" + side + ":24px;z-index:2147483000;" +
    "width:420px;max-width:calc(100vw - 32px);height:640px;max-height:calc(100vh - 110px);" +
    "border:1px solid #d1d5db;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);" +
    "background:#fff;display:none}" +
    ".policyqa-frame.open{display:block}";
  document.head.appendChild(style);

  var button = document.createElement("button");
  button.type = "button";
  button.className = "policyqa-button";
  button.textContent = "💬 " + label;
  button.setAttribute("aria-expanded", "false");

  var frame = null;
  button.addEventListener("click", function () {
    if (!frame) {  // load the chat only when first opened
      frame = document.createElement("iframe");
      frame.className = "policyqa-frame";
      frame.title = label;
      frame.src = embedUrl;
      frame.setAttribute("allow", "clipboard-write");
      document.body.appendChild(frame);
    }
    var open = !frame.classList.contains("open");
    frame.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "✕ 关闭" : "💬 " + label;
  });
  if (document.body) document.body.appendChild(button);
  else document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(button); });
})();

/* Live word and item counts beside the case study's boxes (progressive enhancement: the server shows
   the same counts after each save). Words are runs of characters between spaces, as the server counts;
   list items are non-empty lines. */
(function () {
  "use strict";
  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }
  function items(text) {
    return text.split(/\r?\n/).filter(function (line) { return line.trim() !== ""; }).length;
  }
  function plural(count, noun) {
    return count + " " + noun + (count === 1 ? "" : "s");
  }
  function update(box, counter) {
    var wordLimit = parseInt(counter.getAttribute("data-word-limit"), 10);
    var itemLimit = parseInt(counter.getAttribute("data-item-limit"), 10);
    var text;
    var over;
    if (itemLimit) {
      var count = items(box.value);
      over = count - itemLimit;
      text = plural(count, counter.getAttribute("data-noun")) + " of up to " + itemLimit;
      if (over > 0) { text += ": " + over + " more than advised"; }
    } else {
      var total = words(box.value);
      over = total - wordLimit;
      text = plural(total, "word") + " of about " + wordLimit;
      if (over > 0) { text += ": " + plural(over, "word") + " over"; }
    }
    counter.textContent = text;
    counter.classList.toggle("word-count--over", over > 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var counters = document.querySelectorAll(".word-count[id$='_count']");
    Array.prototype.forEach.call(counters, function (counter) {
      var box = document.getElementById(counter.id.replace(/_count$/, ""));
      if (!box) { return; }
      var pending = null;
      // Screen readers hear the count when typing pauses, not at every key.
      box.addEventListener("input", function () {
        window.clearTimeout(pending);
        pending = window.setTimeout(function () { update(box, counter); }, 400);
      });
    });
  });
})();

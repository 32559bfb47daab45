/* Journal réflexif, facilitators only: read an entry shared with you and answer it.
 * Called by journal.js with its helpers; returns read(entryId). The entry comes drawn by the server. */
window.CapJournalReader = function (ctx, section, h) {
  "use strict";
  var S = ctx.strings, reader = h.q("[data-reader]"), answer = reader && h.q('[data-form="feedback"]', reader), readId = null;
  if (!reader) { return null; }
  function read(id) {
    ctx.request("journal_entry", {entry_id: id, answer: "fragment"}, "GET").then(function (entry) {
      readId = entry.id;
      h.q("[data-reader-title]", reader).textContent = entry.reader_title;
      h.q("[data-reader-body]", reader).innerHTML = entry.body_html;  // drawn and escaped by the server
      h.q("[data-feedback]", reader).innerHTML = entry.feedback_html;
      reader.hidden = false; reader.focus();
    }, function (error) { ctx.fail(reader.parentNode, error); });
  }
  answer.addEventListener("submit", function (event) {
    event.preventDefault();
    ctx.clear(answer);
    ctx.submit(answer, "journal_feedback", {entry_id: readId, text: answer.text.value}).then(function () {
      answer.text.value = ""; ctx.say(S.journal_sent); read(readId); h.list(1);
    }, function (error) { ctx.fail(answer, error); });
  });
  return read;
};

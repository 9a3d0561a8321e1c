// concord's only script: arrow keys move between the periods of a chart (Home and End to the
// first and last), so a keyboard user need not Tab through every period. Without it, Tab works.
"use strict";

document.addEventListener("keydown", (event) => {
  const link = event.target instanceof Element ? event.target.closest("svg.periods a.period") : null;
  if (!link) {
    return;
  }
  const links = Array.from(link.ownerSVGElement.querySelectorAll("a.period"));
  const at = links.indexOf(link);
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: links.length - 1 }[event.key];
  if (to === undefined || to < 0 || to >= links.length) {
    return;
  }
  event.preventDefault();
  links[to].focus();
});

// Draws each dashboard chart from its <script type="application/json"> block with plotly.js
// (our bundle of the trace types we draw, served by us). The data table under each chart
// carries the same numbers, so the page is whole before and without JavaScript: plotly.js is
// run only when the first chart comes into view (fetched ahead, at idle priority, as soon as
// the reader starts scrolling), and each chart is drawn when it comes into view, one chart per
// task so that the page keeps answering.
(function () {
  "use strict";
  var self = document.getElementById("dashboards-script");
  var source = self && self.getAttribute("data-plotly");
  var elements = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
  if (!source || !elements.length) { return; }
  var Plotly = null;
  var lang = document.documentElement.lang || "fr";
  var dictionary = document.getElementById("plotly-locale");
  var words = dictionary ? JSON.parse(dictionary.textContent) : {};

  function sameSite(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }

  function copy(object) { return JSON.parse(JSON.stringify(object)); }

  // The page shows each chart's title and scale above it (an <h2> and a sentence), so the
  // title block (the top margin above the legend's room) is drawn only in the PNG export,
  // which must stand on its own.
  var LEGEND_ROOM = 40;
  function onScreen(layout) {
    var shown = copy(layout);
    var cut = Math.max(0, ((shown.margin || {}).t || LEGEND_ROOM) - LEGEND_ROOM);
    shown.title = { text: "" };
    shown.margin = Object.assign({}, shown.margin, { t: LEGEND_ROOM });
    if (shown.height) { shown.height -= cut; }
    return shown;
  }

  // role="img" and its label move from the container to the drawing itself, so that the
  // toolbar's buttons are not hidden inside an image (children of role="img" are presentational).
  function describeSurface(element) {
    var surface = element.querySelector("svg.main-svg");
    if (!surface) { return; }
    surface.setAttribute("role", "img");
    surface.setAttribute("aria-label", element.getAttribute("aria-label") || "");
    element.removeAttribute("role");
    element.removeAttribute("aria-label");
  }

  // PNG export, title included. Plotly's own export draws through a blob: image, which our
  // Content-Security-Policy (img-src 'self' data:) refuses; an SVG data: URL drawn on a canvas
  // gives the same PNG.
  function downloadPng(plot, figure, options) {
    var layout = copy(figure.layout);
    var width = plot._fullLayout.width;
    var height = layout.height || plot._fullLayout.height;
    var scale = options.scale || 1;
    layout.width = width;
    var drawing = { data: copy(plot.data), layout: layout };
    Plotly.toImage(drawing, { format: "svg", width: width, height: height }).then(function (url) {
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = width * scale;
        canvas.height = height * scale;
        var context = canvas.getContext("2d");
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        var link = document.createElement("a");
        link.download = options.filename + ".png";
        link.href = canvas.toDataURL("image/png");
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
      };
      image.src = url;
    });
  }

  function pngButton(figure, options) {
    return {
      name: "toImage",
      title: words["Download plot as a png"] || "Download plot as a png",
      icon: Plotly.Icons.camera,
      click: function (plot) { downloadPng(plot, figure, options); }
    };
  }

  function draw(element) {
    var data = document.getElementById(element.getAttribute("data-chart"));
    var figure = data ? JSON.parse(data.textContent) : null;
    if (!figure) { return Promise.resolve(); }
    var toImageButtonOptions = {
      format: "png",
      filename: element.getAttribute("data-filename") || "chart",
      scale: 2
    };
    var config = {
      displaylogo: false,
      showSendToCloud: false, // nothing leaves our server (sovereignty)
      responsive: true,
      locale: lang,
      toImageButtonOptions: toImageButtonOptions,
      modeBarButtonsToRemove: ["toImage", "select2d", "lasso2d"],
      modeBarButtonsToAdd: [pngButton(figure, toImageButtonOptions)]
    };
    return Plotly.newPlot(element, figure.data, onScreen(figure.layout), config).then(function (plot) {
      describeSurface(element);
      element.setAttribute("data-rendered", "true");
      if (element.getAttribute("data-click-opens") !== "true") { return; }
      // Benefit matrix: the first customdata value of a point is the system's page.
      plot.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var url = point && point.customdata && point.customdata[0];
        if (sameSite(url)) { window.location.assign(url); }
      });
    });
  }

  var loading = null;
  function loadPlotly() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = source;
        script.onload = function () {
          Plotly = window.Plotly;
          // The modebar's tooltips, translated by the server (Babel).
          Plotly.register({ moduleType: "locale", name: lang, dictionary: words });
          resolve();
        };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Charts come into view in any order; they are drawn one at a time, each in its own task.
  var queue = [];
  var drawing = false;
  function next() {
    var element = queue.shift();
    if (!element) { drawing = false; return; }
    draw(element).then(function () { window.setTimeout(next, 0); }, next);
  }
  function schedule(element) {
    queue.push(element);
    loadPlotly().then(function () {
      if (!drawing) { drawing = true; window.setTimeout(next, 0); }
    });
  }

  // Scrolling is heading for the charts: fetch plotly.js now (not run), so that a chart
  // scrolled into view is drawn without waiting for the network.
  function prefetch() {
    if (loading) { return; }
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.as = "script";
    link.href = source;
    document.head.appendChild(link);
  }
  window.addEventListener("scroll", prefetch, { once: true, passive: true });

  if (!("IntersectionObserver" in window)) {
    elements.forEach(schedule);
    return;
  }
  // A chart hidden on a phone (the heatmap, left to its table) never intersects: never drawn.
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      observer.unobserve(entry.target);
      schedule(entry.target);
    });
  }, { rootMargin: "0px" });
  elements.forEach(function (element) { observer.observe(element); });
})();

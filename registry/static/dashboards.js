// Draws each dashboard chart from its <script type="application/json"> block with plotly.js
// (served by us). Without JavaScript the data table under each chart carries the same numbers.
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") { return; }
  var Plotly = window.Plotly;
  var lang = document.documentElement.lang || "fr";
  var dictionary = document.getElementById("plotly-locale");
  var words = dictionary ? JSON.parse(dictionary.textContent) : {};
  // The modebar's tooltips, translated by the server (Babel).
  Plotly.register({ moduleType: "locale", name: lang, dictionary: words });

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

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    if (!figure) { return; }
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
    Plotly.newPlot(element, figure.data, onScreen(figure.layout), config).then(function (plot) {
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
  });
})();

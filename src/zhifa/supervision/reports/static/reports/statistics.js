// Draws the yearly statistics charts from the JSON embedded by json_script. The table under
// each chart carries the same numbers for printing and for readers without scripts.
//
// The bars run horizontally, one row per agency labelled with its short name, so that the
// labels stay readable on a narrow screen with all 47 agencies. The tooltip gives the full name.
(function () {
  "use strict";

  // Width of the agency labels, in pixels; longer short names end with an ellipsis.
  var LABEL_WIDTH = 96;

  function tooltip(chart) {
    return function (items) {
      var name = chart.names[items[0].dataIndex];
      var lines = items.map(function (item) {
        return item.marker + echarts.format.encodeHTML(item.seriesName) + "：" + item.value;
      });
      return [echarts.format.encodeHTML(name)].concat(lines).join("<br>");
    };
  }

  function options(chart) {
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: tooltip(chart) },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: {
        type: "category",
        data: chart.agencies,
        inverse: true,
        axisLabel: { interval: 0, width: LABEL_WIDTH, overflow: "truncate" }
      },
      series: chart.series.map(function (item) {
        return { name: item.name, type: "bar", data: item.data.map(Number) };
      })
    };
  }

  function draw() {
    var source = document.getElementById("statistics-data");
    if (!source || typeof echarts === "undefined") {
      return;
    }
    var charts = JSON.parse(source.textContent);
    charts.forEach(function (chart, index) {
      // A chart whose figures are all zero has no element, because the page prints a note instead.
      var element = document.getElementById("chart-" + index);
      if (!element) {
        return;
      }
      var drawn = echarts.init(element);
      drawn.setOption(options(chart));
      window.addEventListener("resize", function () {
        drawn.resize();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();

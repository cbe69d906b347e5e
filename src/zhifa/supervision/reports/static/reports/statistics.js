// Draws the yearly statistics charts from the JSON embedded by json_script. The table under
// each chart carries the same numbers for printing and for readers without scripts.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("statistics-data");
    if (!source || typeof echarts === "undefined") {
      return;
    }
    var charts = JSON.parse(source.textContent);
    charts.forEach(function (chart, index) {
      var element = document.getElementById("chart-" + index);
      if (!element) {
        return;
      }
      echarts.init(element).setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 64, right: 16, top: 40, bottom: 72 },
        xAxis: {
          type: "category",
          data: chart.agencies,
          axisLabel: { interval: 0, rotate: chart.agencies.length > 4 ? 30 : 0 }
        },
        yAxis: { type: "value" },
        series: chart.series.map(function (item) {
          return { name: item.name, type: "bar", data: item.data.map(Number) };
        })
      });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();

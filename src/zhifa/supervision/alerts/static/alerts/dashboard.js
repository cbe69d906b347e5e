// Draws the supervision dashboard's charts from the JSON that the page embeds with
// json_script. The tables beside the charts carry the same numbers for printing and
// for readers without scripts.
(function () {
  "use strict";

  function percentAxis() {
    return { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } };
  }

  function barOption(names, values, unit) {
    return {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + unit; } },
      grid: { left: 48, right: 16, top: 24, bottom: 64 },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
      yAxis: unit === "%" ? percentAxis() : { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: values }]
    };
  }

  function stackedOption(categories, series) {
    return {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
      xAxis: { type: "category", data: categories },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map(function (item) {
        return { name: item.name, type: "bar", stack: "total", data: item.data };
      })
    };
  }

  function options(data) {
    return {
      cases: stackedOption(data.months, data.cases),
      on_time: barOption(data.agencies, data.on_time, "%"),
      av: barOption(data.agencies, data.av, "%"),
      reviews: stackedOption(data.agencies, data.reviews),
      correction: barOption(data.agencies, data.correction, "%"),
      complaints: barOption(data.complaints.names, data.complaints.data, "件")
    };
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var byName = options(JSON.parse(source.textContent));
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var option = byName[element.dataset.chart];
      if (!option) {
        return;
      }
      element.style.height = "320px";
      var chart = window.echarts.init(element);
      chart.setOption(option);
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

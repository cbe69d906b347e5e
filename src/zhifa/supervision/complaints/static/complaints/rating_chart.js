// Draws the monthly satisfaction trend of the rating report from the JSON in #rating-trend.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("rating-chart");
  var source = document.getElementById("rating-trend");
  if (!element || !source || typeof echarts === "undefined") {
    return;
  }
  var trend = JSON.parse(source.textContent);
  var chart = echarts.init(element);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["评价数", "满意率（%）"] },
    xAxis: { type: "category", data: trend.map(function (row) { return row.label; }) },
    yAxis: [
      { type: "value", name: "评价数", minInterval: 1 },
      { type: "value", name: "满意率（%）", min: 0, max: 100 }
    ],
    series: [
      { name: "评价数", type: "bar", data: trend.map(function (row) { return row.count; }) },
      {
        name: "满意率（%）",
        type: "line",
        yAxisIndex: 1,
        connectNulls: true,
        data: trend.map(function (row) { return row.satisfied_share; })
      }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});

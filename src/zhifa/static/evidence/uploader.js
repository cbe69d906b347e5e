// Resumable upload of an AV record: create, send 8 MiB chunks, complete, wait until stored.
//
// A chunk that fails on the network is not re-sent blindly: the script waits, requests the
// upload status (GET) for the number of bytes the server has received, and resumes there. The upload id is kept in
// localStorage under the file's name, size and modification time, so picking the same file
// after a page reload offers "继续上传" from the server's offset.
(function () {
  "use strict";

  const form = document.getElementById("upload-form");
  if (!form) {
    return;
  }
  const apiUrl = form.dataset.apiUrl;
  const chunkBytes = Number(form.dataset.chunkBytes);
  const retryDelaysMs = [1000, 2000, 5000, 10000, 20000, 30000];
  const pollDelayMs = 2000;

  const fileInput = form.querySelector("input[type=file]");
  const progress = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-bar");
  const percent = document.getElementById("upload-percent");
  const state = document.getElementById("upload-state");
  const errors = document.getElementById("upload-error");
  const done = document.getElementById("upload-done");
  const recordLink = document.getElementById("upload-record-link");
  const startButton = document.getElementById("upload-start");
  const cancelButton = document.getElementById("upload-cancel");
  const resumeBox = document.getElementById("upload-resume");
  const resumeText = document.getElementById("upload-resume-text");
  const resumeButton = document.getElementById("upload-resume-button");

  let current = null; // {id, file, key}
  let cancelled = false;

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || "服务器返回错误（HTTP " + status + "）");
      this.status = status;
      this.body = body || {};
    }
  }

  function csrfToken() {
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function storageKey(file) {
    return "zhifa-upload:" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function showProgress(received, size) {
    const value = size > 0 ? Math.floor((received * 100) / size) : 0;
    bar.value = value;
    percent.textContent = value + "%";
  }

  function showState(text) {
    state.textContent = text;
  }

  function showError(message, field) {
    errors.replaceChildren();
    const item = document.createElement("li");
    item.textContent = message;
    errors.appendChild(item);
    if (field) {
      const input = form.querySelector("[name=" + CSS.escape(field) + "]");
      if (input) {
        input.focus();
      }
    }
  }

  // Send one request with XMLHttpRequest, which reports upload progress; resolve with the
  // parsed JSON, reject with ApiError (error response) or TypeError (network failure).
  function request(method, url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.setRequestHeader("Accept", "application/json");
      Object.entries(headers || {}).forEach(function ([name, value]) {
        xhr.setRequestHeader(name, value);
      });
      if (onProgress) {
        xhr.upload.onprogress = function (event) { onProgress(event.loaded); };
      }
      xhr.onload = function () {
        let parsed = null;
        try {
          parsed = JSON.parse(xhr.responseText);
        } catch (error) {
          parsed = null;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(parsed);
        } else {
          reject(new ApiError(xhr.status, parsed));
        }
      };
      xhr.onerror = function () { reject(new TypeError("network")); };
      xhr.ontimeout = xhr.onerror;
      xhr.send(body);
    });
  }

  function metadata() {
    const data = new FormData(form);
    const value = function (name) { return (data.get(name) || "").toString(); };
    return {
      case: value("case") || null,
      scene: value("scene") || null,
      device: value("device") || null,
      officers: data.getAll("officers").map(String),
      place: value("place"),
      party_informed: value("party_informed") || null,
      recorder_kind: value("recorder_kind"),
      third_party_name: value("third_party_name"),
      started_at: value("started_at") || null,
      ended_at: value("ended_at") || null,
      sensitivity: value("sensitivity"),
      note: value("note"),
    };
  }

  // Poll the server until it responds. After each network failure the wait grows longer.
  async function statusOf(id) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request("GET", apiUrl + "/" + id);
      } catch (error) {
        if (!(error instanceof TypeError) || cancelled) {
          throw error;
        }
        const delay = retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)];
        showState("网络中断，" + delay / 1000 + " 秒后重新连接……");
        await sleep(delay);
      }
    }
  }

  async function sendChunks(upload, file) {
    let offset = upload.received;
    let failures = 0;
    while (offset < file.size && !cancelled) {
      const end = Math.min(offset + chunkBytes, file.size);
      const start = offset;
      showState("正在上传……");
      try {
        const answer = await request(
          "PUT",
          apiUrl + "/" + upload.id + "/content",
          file.slice(start, end),
          { "Upload-Offset": String(start), "Content-Type": "application/offset+octet-stream" },
          function (loaded) { showProgress(start + loaded, file.size); }
        );
        offset = answer.received;
        failures = 0;
      } catch (error) {
        if (error instanceof ApiError && error.body.code === "offset_mismatch") {
          offset = error.body.offset;
          continue;
        }
        if (!(error instanceof TypeError) && error.status < 500) {
          throw error;
        }
        const delay = retryDelaysMs[Math.min(failures, retryDelaysMs.length - 1)];
        failures += 1;
        showState("连接中断，" + delay / 1000 + " 秒后从服务器已接收的位置继续……");
        await sleep(delay);
        offset = (await statusOf(upload.id)).received;
      }
      showProgress(offset, file.size);
    }
  }

  async function waitUntilStored(id) {
    showState("文件已传完，正在校验摘要值、读取录制时间并存证……");
    for (;;) {
      const upload = await statusOf(id);
      if (upload.status === "stored" || upload.status === "failed") {
        return upload;
      }
      await sleep(pollDelayMs);
    }
  }

  function finish(upload) {
    localStorage.removeItem(current.key);
    cancelButton.hidden = true;
    startButton.disabled = false;
    if (upload.status === "failed") {
      showState("");
      showError(upload.error || "文件未通过校验。");
      return;
    }
    showState("已存证。");
    done.hidden = false;
    if (upload.record_url) {
      recordLink.href = upload.record_url;
      window.location.assign(upload.record_url);
    } else {
      recordLink.textContent = "音像记录已保存（编号 " + upload.record_id + "）";
      recordLink.removeAttribute("href");
    }
  }

  async function run(upload, file) {
    current = { id: upload.id, file: file, key: storageKey(file) };
    localStorage.setItem(current.key, upload.id);
    cancelled = false;
    progress.hidden = false;
    resumeBox.hidden = true;
    startButton.disabled = true;
    cancelButton.hidden = false;
    errors.replaceChildren();
    showProgress(upload.received, file.size);
    try {
      await sendChunks(upload, file);
      if (cancelled) {
        return;
      }
      await request("POST", apiUrl + "/" + upload.id + "/complete", null);
      finish(await waitUntilStored(upload.id));
    } catch (error) {
      startButton.disabled = false;
      showState("");
      showError(error.message, error.body && error.body.field);
    }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const file = fileInput.files[0];
    if (!file) {
      showError("请选择要上传的文件。", "file");
      progress.hidden = false;
      return;
    }
    const body = {
      filename: file.name,
      size: file.size,
      declared_type: file.type,
      client_digest: "",
      metadata: metadata(),
    };
    try {
      const upload = await request(
        "POST", apiUrl, JSON.stringify(body), { "Content-Type": "application/json" }
      );
      await run(upload, file);
    } catch (error) {
      progress.hidden = false;
      showError(error.message, error.body && error.body.field);
    }
  });

  // Picking a file that an earlier page left unfinished offers to continue it.
  fileInput.addEventListener("change", async function () {
    resumeBox.hidden = true;
    const file = fileInput.files[0];
    const id = file && localStorage.getItem(storageKey(file));
    if (!id) {
      return;
    }
    try {
      const upload = await request("GET", apiUrl + "/" + id);
      if (upload.status !== "receiving") {
        localStorage.removeItem(storageKey(file));
        return;
      }
      const sent = Math.floor((upload.received * 100) / upload.size);
      resumeText.textContent = "此文件上次已上传 " + sent + "%。";
      resumeBox.hidden = false;
      resumeButton.onclick = function () { run(upload, file); };
    } catch (error) {
      localStorage.removeItem(storageKey(file));
    }
  });

  cancelButton.addEventListener("click", async function () {
    if (!current) {
      return;
    }
    cancelled = true;
    try {
      await request("DELETE", apiUrl + "/" + current.id, null);
    } finally {
      localStorage.removeItem(current.key);
      cancelButton.hidden = true;
      startButton.disabled = false;
      showState("已放弃上传。");
    }
  });
})();

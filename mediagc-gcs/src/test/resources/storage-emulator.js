// Starts the Cloud Storage emulator of firebase-tools alone, on the port given, for the tests.
// The JSON API the Java client speaks is served by the emulator's admin layer, which never consults
// security rules; the rules runtime (a jar firebase-tools would download from Google) is not started.
const path = require("path");
const [firebaseTools, port] = [process.argv[2], Number(process.argv[3])];
const lib = (p) => require(path.join(firebaseTools, "lib", "emulator", "storage", p));
const runtime = lib("rules/runtime");
runtime.StorageRulesRuntime.prototype.start = async () => {};
runtime.StorageRulesRuntime.prototype.stop = async () => {};
// The emulator's multipart parser wants each part's Content-Type as its first header; the Java
// client writes other headers first. This parser reads the same upload wherever the header is.
const multipart = lib("multipart");
multipart.parseObjectUploadMultipartRequest = (contentTypeHeader, body) => {
  const boundary = (contentTypeHeader.split("boundary=")[1] || "").replace(/^"|"$/g, "");
  if (!contentTypeHeader.startsWith("multipart/related") || !boundary) {
    throw new Error("Bad content type. " + contentTypeHeader);
  }
  const parts = [];
  const delimiter = Buffer.from("--" + boundary);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    parts.push(part.subarray(headerEnd + 4, part.length - 2)); // the part's content, without its closing CRLF
    start = next;
  }
  if (parts.length !== 2) {
    throw new Error("Unexpected number of parts in request body");
  }
  return { metadataRaw: parts[0].toString(), dataRaw: Buffer.from(parts[1]) };
};

// Generations: the emulator takes Date.now(), so two writes within a millisecond would share one,
// and a copy keeps its source's. Cloud Storage gives every new object a generation of its own.
const metadataModule = lib("metadata");
let lastGeneration = 0;
const StoredFileMetadata = metadataModule.StoredFileMetadata;
metadataModule.StoredFileMetadata = class extends StoredFileMetadata {
  constructor(...args) {
    super(...args);
    this.generation = Math.max(Date.now(), lastGeneration + 1);
    lastGeneration = this.generation;
  }
};

// Paging with a delimiter: the emulator answers every page with all the prefixes under the listed
// one; Cloud Storage gives each prefix once, on the page whose stretch of names it sorts into. A store
// that lists each prefix it is given would otherwise list a folder once per page of its parent.
const files = lib("files");
const listObjects = files.StorageLayer.prototype.listObjects;
files.StorageLayer.prototype.listObjects = async function (request) {
  const page = await listObjects.call(this, request);
  if (page.prefixes) {
    const [from, to] = [request.pageToken, page.nextPageToken];
    const own = page.prefixes.filter((p) => (!from || p >= from) && (!to || p < to));
    page.prefixes = own.length > 0 ? own : undefined;
  }
  return page;
};

// Generation preconditions, which the emulator ignores: ifGenerationMatch on uploads, rewrites and
// deletes, ifSourceGenerationMatch and sourceGeneration on rewrites, generation on downloads. Every
// request that names an object is handled alone, from its check until its response is sent, so a
// check and the change it guards are atomic, as in Cloud Storage.
let queue = Promise.resolve();
const exclusively = (req, res, handle) => {
  queue = queue.then(() => new Promise((release) => {
    res.on("finish", release);
    res.on("close", release);
    handle();
  }));
};
const segment = (s) => decodeURIComponent(s);
const objectsOf = (req) => {
  const path = req.path.replace(/^\/storage\/v1/, "").replace(/^\/download\/storage\/v1/, "");
  let m = path.match(/^\/b\/([^/]+)\/o\/([^/]+)\/(?:rewriteTo|copyTo)\/b\/([^/]+)\/o\/([^/]+)$/);
  if (m) {
    return { target: [segment(m[3]), segment(m[4])], source: [segment(m[1]), segment(m[2])] };
  }
  m = req.path.match(/^\/upload\/storage\/v1\/b\/([^/]+)\/o$/);
  if (m && req.method === "POST" && req.query.uploadType === "multipart" && req.body instanceof Buffer) {
    const name = req.query.name || JSON.parse(multipart.parseObjectUploadMultipartRequest(req.header("content-type"), req.body).metadataRaw).name;
    return { target: [segment(m[1]), name] };
  }
  m = path.match(/^\/b\/([^/]+)\/o\/([^/]+)$/);
  if (m) {
    return { target: [segment(m[1]), segment(m[2])] };
  }
  return undefined;
};
const refusal = (emulator, req, objects) => {
  const generation = ([bucket, name]) => {
    const metadata = emulator.adminStorageLayer.getMetadata(bucket, name);
    return metadata ? String(metadata.generation) : "0";
  };
  const q = req.query;
  if (q.ifGenerationMatch !== undefined && generation(objects.target) !== String(q.ifGenerationMatch)) return 412;
  if (objects.source) {
    if (q.ifSourceGenerationMatch !== undefined && generation(objects.source) !== String(q.ifSourceGenerationMatch)) return 412;
    if (q.sourceGeneration !== undefined && generation(objects.source) !== String(q.sourceGeneration)) return 404;
  } else if (req.method === "GET" && q.generation !== undefined && generation(objects.target) !== String(q.generation)) {
    return 404;
  }
  return 0;
};
const gcloud = lib("apis/gcloud");
const createCloudEndpoints = gcloud.createCloudEndpoints;
gcloud.createCloudEndpoints = (emulator) => {
  const endpoints = createCloudEndpoints(emulator);
  return (req, res, next) => {
    // The emulator serves rewrites only without the /storage/v1 the Java client puts in front.
    if (/^\/storage\/v1\/b\/[^/]+\/o\/[^/]+\/(rewriteTo|copyTo)\//.test(req.url)) {
      req.url = req.url.slice("/storage/v1".length);
    }
    let objects;
    try {
      objects = objectsOf(req);
    } catch (e) {
      objects = undefined;
    }
    if (!objects) {
      return endpoints(req, res, next);
    }
    exclusively(req, res, () => {
      const status = refusal(emulator, req, objects);
      if (status) {
        res.status(status).json({ error: { code: status, message: status === 412 ? "conditionNotMet" : "No such object" } });
      } else {
        endpoints(req, res, next);
      }
    });
  };
};
const { StorageEmulator } = lib("index");
const { EmulatorRegistry } = require(path.join(firebaseTools, "lib", "emulator", "registry"));
const emulator = new StorageEmulator({ projectId: "demo-mediagc", host: "127.0.0.1", port, rules: [], auto_download: false });
EmulatorRegistry.start(emulator).then(
  () => console.log("storage emulator ready on " + port),
  (e) => { console.error("storage emulator failed: " + e); process.exit(1); });

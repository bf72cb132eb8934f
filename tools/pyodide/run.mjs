// Run chibo's Lite scripts inside Pyodide for Node, as xlwings Lite runs them inside Excel.
// Usage: node run.mjs PYODIDE_DIR WHEEL_DIR WORK_DIR
//   PYODIDE_DIR: node_modules/pyodide of the npm package (micropip and packaging copied in under the lock's names)
//   WHEEL_DIR:   the wheels to install from local files (no network)
//   WORK_DIR:    input.json for inside.py, and where it writes out.json (mounted at /work)
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelDir, workDir] = process.argv.slice(2).map((p) => resolve(p));
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const seconds = (start) => Number(((performance.now() - start) / 1000).toFixed(3));
const timings = {};

try {
  let start = performance.now();
  const pyodide = await loadPyodide({
    indexURL: pyodideDir + "/",
    env: { XLWINGS_LICENSE_KEY: "noncommercial", XLWINGS_ON_SERVER: "true", HOME: "/home/pyodide" },
  });
  timings.load_pyodide = seconds(start);

  start = performance.now();
  await pyodide.loadPackage("micropip", { checkIntegrity: false, messageCallback: () => {} });
  pyodide.FS.mkdirTree("/wheels");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: wheelDir }, "/wheels");
  pyodide.FS.mkdirTree("/work");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: workDir }, "/work");
  pyodide.FS.mkdirTree("/data"); // Lite's folder for files the scripts write
  const wheels = readdirSync(wheelDir).filter((n) => n.endsWith(".whl") && !/^(micropip|packaging)-/.test(n));
  const micropip = pyodide.pyimport("micropip");
  await micropip.install.callKwargs(wheels.map((n) => "emfs:/wheels/" + n), { deps: false });
  timings.install_wheels = seconds(start);

  pyodide.globals.set("node_timings", pyodide.toPy(timings));
  await pyodide.runPythonAsync(readFileSync(new URL("./inside.py", import.meta.url), "utf8"), { filename: "inside.py" });
} catch (error) {
  console.error(error.message); // the Python traceback (Node would print the minified line of pyodide.asm.js)
  process.exit(1);
}

// Builds the Hub's front-end assets from the pinned npm packages into
// hub/static/build/, which Django's staticfiles collects. Nothing built is committed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "hub", "static", "build");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The GOV.UK fonts and crown images are for services on GOV.UK only; we copy none of them.
for (const file of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  cpSync(join(govuk, file), join(out, file));
}

const result = sass.compile(join(root, "frontend", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "main.css"), result.css);
console.log(`Built ${out}`);

/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development, Vite serves the app and passes everything else to Flask's dev server.
const flask = process.env.FLASKGRAM_URL ?? "http://127.0.0.1:5000";

export default defineConfig({
  base: "/app/",
  plugins: [react()],
  build: {
    // Hashed names under assets/: Flaskgram serves them with a year-long cache.
    assetsDir: "assets",
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": flask,
      "/static": flask,
      // In development Vite puts its base in front of index.html's /static/style.css.
      "/app/static": { target: flask, rewrite: (path) => path.replace(/^\/app/, "") },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
  },
});

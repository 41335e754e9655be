// Lighthouse CI (make lighthouse): every page of the built site, scored with
// Lighthouse's mobile defaults (a mid-range phone on a throttled 4G connection).
'use strict';

const {execFileSync} = require('child_process');
const path = require('path');

// Which Chromium, and its start flags: one definition, in lesson/chromium.py.
const chromium = JSON.parse(execFileSync('python3', ['-c',
  'import json; from lesson import chromium; print(json.dumps([chromium.find_chromium(), chromium.ARGS]))'],
  {env: {...process.env, PYTHONPATH: __dirname}, encoding: 'utf8'}));
const [chromePath, args] = chromium;
// Lighthouse splits the flags at spaces, so a value with spaces is quoted; lhci adds --headless=new.
const chromeFlags = args.filter(flag => flag !== '--headless')
  .map(flag => (flag.includes(' ') ? flag.replace('=', '="') + '"' : flag))
  .join(' ');

module.exports = {
  ci: {
    collect: {
      // lhci serves this folder itself (with gzip); make lighthouse passes $(BUILDDIR)/html.
      staticDistDir: '_build/html',
      // Every .html file in the folder and one level below (0: no limit; lhci's default
      // is 5 pages), but the whole lesson on one page (make singlehtml, what make pdf prints).
      maxAutodiscoverUrls: 0,
      staticDirFileDiscoveryDepth: 1,
      autodiscoverUrlBlocklist: ['/one-page/index.html'],
      // The performance score depends on the CPU: the median of three runs counts.
      numberOfRuns: 3,
      chromePath,
      settings: {chromeFlags},
    },
    assert: {
      assertions: {
        'categories:performance': ['error', {minScore: 0.9, aggregationMethod: 'median'}],
        'categories:accessibility': ['error', {minScore: 1}],
        'categories:best-practices': ['error', {minScore: 1}],
        'categories:seo': ['error', {minScore: 1}],
        // What a page and all it loads weigh, as sent (gzip): at most 500 KB.
        'resource-summary:total:size': ['error', {maxNumericValue: 500000}],
      },
    },
    upload: {
      // Each page's report (HTML and JSON), and manifest.json with every page's four scores.
      target: 'filesystem',
      outputDir: '_build/lighthouse',
      reportFilenamePattern: '%%PATHNAME%%.%%EXTENSION%%',
    },
  },
};

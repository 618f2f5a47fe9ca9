#!/usr/bin/env node
'use strict';
// After `tsc`: loads and validates the catalog (data/cards.yaml, scopes.tsv, endpoint-scopes.tsv) the
// way every command does, and writes its data as JSON next to the compiled module, which a command then
// reads instead (src/core/catalog/snapshot.ts) as long as the data files are the ones it was made of.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = join(__dirname, '..', 'dist', 'src', 'core', 'catalog');
const { loadCatalog, defaultDataDir } = require(join(dir, 'index.js'));
const { snapshotText, SNAPSHOT_FILE } = require(join(dir, 'snapshot.js'));
const { utcDay } = require(join(__dirname, '..', 'dist', 'src', 'util', 'date.js'));

const today = utcDay();
const dataDir = defaultDataDir();
// A data directory given explicitly is loaded from its files, never from a snapshot.
const catalog = loadCatalog(dataDir, { today });
const { scopes, endpoints, connectors, cards, sources } = catalog;
writeFileSync(join(dir, SNAPSHOT_FILE), snapshotText({ scopes, endpoints, connectors, cards, sources }, dataDir, today));

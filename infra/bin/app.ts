#!/usr/bin/env node
// CDK entry point (cdk.json: "npx tsx bin/app.ts"). The CLI passes cdk.json's context and `-c` values in.
import { buildApp } from '../lib/app';

buildApp().app.synth();

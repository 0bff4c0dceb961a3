// Writes FIT files with Garmin's own FIT JavaScript SDK (npm @garmin/fitsdk, its Encoder) and,
// beside each, <name>.json with the values given to the SDK, for fitsdk_test.cpp to read back
// through trackheat's parser. Every value is one the FIT encoding holds exactly (altitudes in
// 0.2 m steps, speeds in mm/s, distances in cm, positions in whole semicircles).
//
// Usage: node write_fixtures.mjs OUT_DIR
//
// The SDK's Encoder writes every message with a normal header: it cannot write
// compressed-timestamp records, so these fixtures have none (the hand-built decoder tests of
// tests/parse cover those).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Decoder, Encoder, Profile, Stream, Utils } from '@garmin/fitsdk';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node write_fixtures.mjs OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const SEMICIRCLES_PER_DEGREE = 2 ** 31 / 180;
const START = Date.UTC(2025, 4, 17, 7, 30, 0) / 1000; // unix seconds

const devDataId = {
  mesgNum: Profile.MesgNum.DEVELOPER_DATA_ID,
  applicationId: Array.from({ length: 16 }, (_, i) => i + 1),
  applicationVersion: 3,
  developerDataIndex: 0,
};
// Developer fields: a float on sessions; on records three of different sizes, one of which names
// a native field (heart rate, field 3) with another value, so a reader must not take it for the
// native one.
const devFields = {
  0: { num: 0, type: Utils.FitBaseType.FLOAT32, name: 'Doughnuts', units: 'doughnuts', native: Profile.MesgNum.SESSION },
  1: { num: 1, type: Utils.FitBaseType.UINT8, name: 'Strap HR', units: 'bpm', native: Profile.MesgNum.RECORD, nativeField: 3 },
  2: { num: 2, type: Utils.FitBaseType.FLOAT32, name: 'Core temperature', units: 'C', native: Profile.MesgNum.RECORD },
  3: { num: 3, type: Utils.FitBaseType.UINT16, name: 'Stride', units: 'mm', native: Profile.MesgNum.RECORD },
};
const fieldDescriptions = {};
const fieldDescriptionMesgs = [];
for (const [key, f] of Object.entries(devFields)) {
  const mesg = {
    mesgNum: Profile.MesgNum.FIELD_DESCRIPTION,
    developerDataIndex: 0,
    fieldDefinitionNumber: f.num,
    fitBaseTypeId: f.type,
    fieldName: f.name,
    units: f.units,
    nativeMesgNum: f.native,
  };
  if (f.nativeField !== undefined) mesg.nativeFieldNum = f.nativeField;
  fieldDescriptions[key] = { developerDataIdMesg: devDataId, fieldDescriptionMesg: mesg };
  fieldDescriptionMesgs.push(mesg);
}

const fitTime = (unix) => Utils.convertDateToDateTime(new Date(unix * 1000));
const timerEvent = (unix, eventType) =>
  ({ mesgNum: Profile.MesgNum.EVENT, timestamp: fitTime(unix), event: 'timer', eventType });

// A path walked north-east from Munich: sample i of a leg at `speed` m/s, every `step` s.
function position(metres) {
  const lat = 48.137 + (metres * 0.7) / 111320;
  const lon = 11.575 + (metres * 0.7) / (111320 * Math.cos((48.137 * Math.PI) / 180));
  return [Math.round(lat * SEMICIRCLES_PER_DEGREE), Math.round(lon * SEMICIRCLES_PER_DEGREE)];
}

// One FIT file from `legs`, one session each (sport; duration_s of recording; speed_mmps; a
// record every step_s; optionally a pause of pause_s after pause_at_s of recording, and a pause
// of pause_after_s before the next session), and options. Writes <name>.fit and <name>.json.
function writeActivity(name, legs, { enhanced = true, developer = false, splitRecords = false } = {}) {
  const mesgs = [];
  const expected = { file: `${name}.fit`, samples: [], sessions: [], pause_s: 0 };
  if (developer) mesgs.push(devDataId, ...fieldDescriptionMesgs);
  mesgs.push({
    mesgNum: Profile.MesgNum.FILE_ID,
    type: 'activity',
    manufacturer: 'development',
    product: 0,
    timeCreated: fitTime(START),
    serialNumber: 4242,
  });
  mesgs.push(timerEvent(START, 'start'));
  let t = START, metres = 0, index = 0;
  legs.forEach((leg, legIndex) => {
    const legStart = t;
    let timer = 0;
    const legMetres0 = metres;
    // A session that follows the previous one without a pause starts one step on: its first
    // record would otherwise repeat the previous record's instant and place.
    const follows = legIndex > 0 && !legs[legIndex - 1].pause_after_s;
    let resumed = false; // the record right after a pause is where and when the timer restarts
    for (let s = follows ? leg.step_s : 0; s <= leg.duration_s; s += leg.step_s) {
      if (s > 0 && !resumed) {
        metres += (leg.speed_mmps / 1000) * leg.step_s;
        t += leg.step_s;
        timer += leg.step_s;
      }
      resumed = false;
      const [lat, lon] = position(metres);
      const altitude = 520 + 0.2 * ((index * 7) % 150); // 0.2 m steps: exact in FIT
      const heartRate = 100 + (index % 60);
      const distance = Math.round(metres * 100) / 100; // cm
      const record = { mesgNum: Profile.MesgNum.RECORD, timestamp: fitTime(t), distance };
      const values = { positionLat: lat, positionLong: lon, heartRate };
      if (enhanced) {
        values.enhancedAltitude = altitude;
        values.enhancedSpeed = leg.speed_mmps / 1000;
      } else {
        values.altitude = altitude;
        values.speed = leg.speed_mmps / 1000;
      }
      if (developer) {
        // A strap heart rate that differs from the native one: the native one must win.
        values.developerFields = { 1: heartRate + 40, 2: 37.5 + (index % 5) / 10, 3: 900 + index };
      }
      if (splitRecords && index % 4 === 1) {
        // One instant in two messages: position first, heart rate in a second record.
        const { heartRate: hr, developerFields, ...rest } = values;
        mesgs.push({ ...record, ...rest });
        mesgs.push({ mesgNum: Profile.MesgNum.RECORD, timestamp: fitTime(t), heartRate: hr, ...(developerFields ? { developerFields } : {}) });
      } else {
        mesgs.push({ ...record, ...values });
      }
      expected.samples.push({
        time: t,
        lat: lat / SEMICIRCLES_PER_DEGREE,
        lon: lon / SEMICIRCLES_PER_DEGREE,
        altitude,
        heart_rate: heartRate,
        speed: leg.speed_mmps / 1000,
        distance,
      });
      index += 1;
      if (s === leg.pause_at_s) {
        // A pause inside the session: the timer stops, nothing is recorded, the timer starts
        // again where it stopped; the session's elapsed time counts it, its timer time does not.
        mesgs.push(timerEvent(t, 'stopAll'));
        t += leg.pause_s;
        mesgs.push(timerEvent(t, 'start'));
        expected.pause_s = (expected.pause_s ?? 0) + leg.pause_s;
        resumed = true;
      }
    }
    const session = {
      sport: leg.sport,
      start: legStart,
      elapsed_s: t - legStart,
      timer_s: timer,
      distance_m: Math.round((metres - legMetres0) * 100) / 100,
      ascent_m: 10 * (legIndex + 1),
    };
    expected.sessions.push(session);
    // The lap and the session it makes up share their times, distance and sport.
    const totals = {
      messageIndex: legIndex,
      timestamp: fitTime(t),
      startTime: fitTime(legStart),
      totalElapsedTime: session.elapsed_s,
      totalTimerTime: session.timer_s,
      totalDistance: session.distance_m,
      sport: leg.sport,
    };
    mesgs.push({ mesgNum: Profile.MesgNum.LAP, ...totals });
    const sessionMesg = {
      mesgNum: Profile.MesgNum.SESSION,
      ...totals,
      totalAscent: session.ascent_m,
      subSport: 'generic',
      firstLapIndex: legIndex,
      numLaps: 1,
    };
    if (developer) sessionMesg.developerFields = { 0: legIndex + 0.5 };
    mesgs.push(sessionMesg);
    if (leg.pause_after_s) {
      // A pause between two sessions.
      mesgs.push(timerEvent(t, 'stopAll'));
      t += leg.pause_after_s;
      mesgs.push(timerEvent(t, 'start'));
      expected.pause_s = (expected.pause_s ?? 0) + leg.pause_after_s;
    }
  });
  mesgs.push(timerEvent(t, 'stopAll'));
  mesgs.push({
    mesgNum: Profile.MesgNum.ACTIVITY,
    timestamp: fitTime(t),
    numSessions: legs.length,
    localTimestamp: fitTime(t) + 7200,
    totalTimerTime: expected.sessions.reduce((a, s) => a + s.timer_s, 0),
  });

  const encoder = new Encoder(developer ? { fieldDescriptions } : {});
  for (const mesg of mesgs) encoder.writeMesg(mesg);
  const bytes = encoder.close();
  checkWithSdk(name, bytes, { sessions: legs.length, developer, pauses: mesgs.filter((m) => m.eventType === 'stopAll').length });
  fs.writeFileSync(path.join(outDir, expected.file), bytes);
  // The longest session that is not a transition gives the activity's sport.
  const longest = expected.sessions.filter((s) => s.sport !== 'transition')
    .reduce((a, s) => (s.elapsed_s > a.elapsed_s ? s : a));
  expected.sport_raw = longest.sport;
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(expected, null, 1));
  return expected.file;
}

// The SDK's own decoder reads back what the fixture claims to hold, so a fixture never passes
// for lack of the feature it is about (an Encoder that silently dropped developer fields).
function checkWithSdk(name, bytes, want) {
  const decoder = new Decoder(Stream.fromByteArray(bytes));
  if (!decoder.isFIT() || !decoder.checkIntegrity()) throw new Error(`${name}: the SDK rejects its own file`);
  const { messages, errors } = decoder.read();
  if (errors.length > 0) throw new Error(`${name}: ${errors[0]}`);
  if (messages.sessionMesgs.length !== want.sessions) throw new Error(`${name}: sessions`);
  const stops = messages.eventMesgs.filter((e) => e.event === 'timer' && e.eventType === 'stopAll');
  if (stops.length !== want.pauses) throw new Error(`${name}: timer stop events`);
  const devRecords = messages.recordMesgs.filter((r) => r.developerFields && Object.keys(r.developerFields).length === 3);
  if (want.developer !== devRecords.length > 0) throw new Error(`${name}: developer fields`);
}

const files = [
  // A run, then a transition, then a longer ride, each its own session, with pauses between.
  writeActivity('multisport', [
    { sport: 'running', duration_s: 1500, speed_mmps: 3125, step_s: 5, pause_after_s: 90 },
    { sport: 'transition', duration_s: 120, speed_mmps: 800, step_s: 10 },
    { sport: 'cycling', duration_s: 3000, speed_mmps: 8250, step_s: 5, pause_at_s: 1000, pause_s: 300 },
  ], { developer: true }),
  // A run with a coffee stop inside its one session, altitude and speed in the original (not
  // enhanced) fields, and instants split over two record messages.
  writeActivity('run_with_pause', [
    { sport: 'running', duration_s: 1800, speed_mmps: 2875, step_s: 1, pause_at_s: 900, pause_s: 600 },
  ], { enhanced: false, splitRecords: true }),
  // Developer fields on every record of a single session.
  writeActivity('developer_fields', [
    { sport: 'hiking', duration_s: 2400, speed_mmps: 1250, step_s: 2 },
  ], { developer: true }),
];
fs.writeFileSync(path.join(outDir, 'fixtures.json'), JSON.stringify({ files }, null, 1));
console.log(`wrote ${files.length} FIT files with @garmin/fitsdk into ${outDir}`);

// Reads calendars with ical.js (the engine of Thunderbird's calendar), for tests/calendar_readers.py.
// Usage: node read_with_icaljs.cjs <folder holding node_modules/ical.js> FILE...
// Prints {file: {uid: [start, end]}} with instants in Unix seconds. Each file's VTIMEZONEs are
// registered before its events are read, as a calendar app does, and forgotten after.
const path = require('path');
const fs = require('fs');
const loaded = require(path.join(process.argv[2], 'node_modules', 'ical.js'));
const ICAL = loaded.default || loaded;
const out = {};
for (const file of process.argv.slice(3)) {
  const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8')));
  const zones = calendar.getAllSubcomponents('vtimezone');
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  const events = {};
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    events[event.uid] = [event.startDate.toUnixTime(), event.endDate.toUnixTime()];
  }
  for (const zone of zones) ICAL.TimezoneService.remove(zone.getFirstPropertyValue('tzid'));
  out[file] = events;
}
process.stdout.write(JSON.stringify(out));

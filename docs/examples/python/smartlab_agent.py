#!/usr/bin/env python3
"""A complete SmartLab instrument agent in Python, written from docs/protocol.md alone.

It pretends to be a powder X-ray diffractometer (device profile xrd-powder 1.0.0) and shows every duty of an
agent: a session counter on disk, the will, the birth, telemetry, command replies with deduplication, jobs
with heartbeats and fencing, and measurements with files sent through a disk outbox until the hub
acknowledges them as stored.

Run once (publish a few readings and one measurement, wait for both "stored" acks, exit 0):

    python3 smartlab_agent.py --host localhost --id xrd-02 --secret '<password from registration>'

Stay connected and serve commands and jobs until Ctrl-C:

    python3 smartlab_agent.py --host localhost --id xrd-02 --secret '...' --serve

Exit codes: 0 when everything in the outbox was stored, 1 on a rejected ack, a refused connection or a timeout.
Needs only paho-mqtt (1.6 or 2.x): `pip install paho-mqtt` or Debian's `python3-paho-mqtt`.
"""

import argparse
import collections
import hashlib
import json
import math
import os
import random
import secrets
import signal
import sys
import threading
import time
from datetime import datetime, timezone

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

AGENT_NAME = "smartlab-example-agent"
AGENT_VERSION = "1.0.0"
ROOT = "smartlab/v1"
MAX_CHUNK_BYTES = 256 * 1024
RESEND_AFTER_SECONDS = 30  # re-publish what the outbox still holds if no ack came within this time
ALWAYS_ALLOWED = {"closeShutter", "emergencyStop"}  # safety class always-allowed in the xrd-powder profile


def utc_now():
    """RFC 3339 UTC timestamp with milliseconds, as the protocol asks: 2026-11-29T10:00:00.000Z."""
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)


def new_ulid():
    """A ULID: 48 bits of milliseconds and 80 random bits in Crockford base32, 26 characters, sortable by time."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    return "".join(alphabet[(value >> shift) & 31] for shift in range(125, -1, -5))


def log(message):
    print(message, flush=True)


def warn(message):
    print(message, file=sys.stderr, flush=True)


class AgentDisk:
    """What must survive a restart: the session counter and the outbox of unacknowledged measurements and files."""

    def __init__(self, folder):
        self.folder = folder
        self.outbox = os.path.join(folder, "outbox")
        os.makedirs(self.outbox, exist_ok=True)
        self.lock = threading.Lock()

    def next_session(self):
        """Reads the counter, adds one and saves it before the caller connects, so no two connects share a session."""
        path = os.path.join(self.folder, "session")
        try:
            with open(path, encoding="ascii") as f:
                session = int(f.read().strip())
        except FileNotFoundError:
            session = 0
        session += 1
        self._write(path, str(session).encode("ascii"))
        return session

    def keep_measurement(self, document):
        self._write(self._measurement_path(document["measurementId"]), json.dumps(document).encode("utf-8"))

    def keep_file(self, file_id, data):
        self._write(self._file_path(file_id), data)

    def drop(self, kind, item_id):
        """Removes an acknowledged (or finally rejected) item; returns False if it was not in the outbox."""
        path = self._measurement_path(item_id) if kind == "measurement" else self._file_path(item_id)
        with self.lock:
            try:
                os.remove(path)
                return True
            except FileNotFoundError:
                return False

    def pending(self):
        """(files, measurements) still waiting for their ack: [(fileId, bytes)], [document]."""
        files, measurements = [], []
        with self.lock:
            for name in sorted(os.listdir(self.outbox)):
                path = os.path.join(self.outbox, name)
                if name.startswith("file-") and name.endswith(".bin"):
                    with open(path, "rb") as f:
                        files.append((name[len("file-"):-len(".bin")], f.read()))
                elif name.startswith("measurement-") and name.endswith(".json"):
                    with open(path, encoding="utf-8") as f:
                        measurements.append(json.load(f))
        return files, measurements

    def _measurement_path(self, measurement_id):
        return os.path.join(self.outbox, "measurement-%s.json" % measurement_id)

    def _file_path(self, file_id):
        return os.path.join(self.outbox, "file-%s.bin" % file_id)

    def _write(self, path, data):
        # Write, flush to disk, then rename: a crash leaves either the old or the new content, never half of it.
        temporary = path + ".tmp"
        with self.lock:
            with open(temporary, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, path)


class SimulatedDiffractometer:
    """Just enough physics for plausible numbers: a Cu tube, a shutter, a goniometer and a LiCoO2-like pattern."""

    PEAKS = [(18.95, 1.00), (37.40, 0.25), (38.40, 0.20), (45.25, 0.45), (59.60, 0.12), (65.40, 0.15), (66.30, 0.10)]

    def __init__(self):
        self.tube_voltage_kv = 40.0
        self.tube_current_ma = 30.0
        self.shutter_open = False
        self.two_theta_deg = 10.0
        self.enclosure_celsius = 23.4

    def intensity(self, two_theta):
        counts = 80.0 + 400.0 / max(two_theta, 1.0)
        for centre, height in self.PEAKS:
            counts += 12000.0 * height * math.exp(-0.5 * ((two_theta - centre) / 0.06) ** 2)
        return max(0, int(random.gauss(counts, math.sqrt(counts))))

    def readings(self):
        rate = self.intensity(self.two_theta_deg) * 2.0 if self.shutter_open else random.uniform(0.0, 2.0)
        self.enclosure_celsius += random.uniform(-0.02, 0.02)
        return {
            "tubeVoltage": round(self.tube_voltage_kv, 2),
            "tubeCurrent": round(self.tube_current_ma, 2),
            "shutterOpen": self.shutter_open,
            "goniometerTwoTheta": round(self.two_theta_deg, 3),
            "detectorCountRate": float(rate),
            "enclosureTemperature": round(self.enclosure_celsius, 2),
        }

    def scan(self, start, stop, step):
        points = int(round((stop - start) / step)) + 1
        two_theta = [round(start + i * step, 4) for i in range(points)]
        return two_theta, [self.intensity(x) for x in two_theta]


class Agent:
    def __init__(self, args):
        self.args = args
        self.id = args.id
        self.base = "%s/instruments/%s" % (ROOT, args.id)
        self.disk = AgentDisk(args.state_dir)
        self.instrument = SimulatedDiffractometer()
        self.mqtt5 = not args.mqtt311
        self.session = 0
        self.seq = 0
        self.status = "idle"
        self.hub_online = None
        self.connected = threading.Event()
        self.changed = threading.Condition()  # notified on every ack, so the main thread can re-check the outbox
        self.fatal = None
        self.closing = False
        self.last_replay = time.monotonic()
        self.rejected = 0
        self.replies = collections.OrderedDict()  # commandId -> reply payload, to answer repeats without acting twice
        self.jobs = {}  # (jobId, attempt) -> JobRun
        self.jobs_lock = threading.Lock()
        self.client = self._make_client()

    # ---------------------------------------------------------------- connection

    def _make_client(self):
        protocol = mqtt.MQTTv5 if self.mqtt5 else mqtt.MQTTv311
        kwargs = {"client_id": self.id, "protocol": protocol}
        if not self.mqtt5:
            kwargs["clean_session"] = True
        if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2.x
            client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, **kwargs)
        else:  # paho-mqtt 1.x
            client = mqtt.Client(**kwargs)
        client.username_pw_set(self.id, self.args.secret)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        client.on_publish = self._on_publish
        client.reconnect_delay_set(min_delay=1, max_delay=30)
        return client

    def _new_session(self):
        """Every connect, including paho's automatic reconnects, gets the next session and a will that names it."""
        self.session = self.disk.next_session()
        offline = json.dumps({"v": 1, "online": False, "session": self.session})
        self.client.will_set(self.base + "/state", offline, qos=1, retain=True)

    def connect(self):
        self._new_session()
        if self.mqtt5:
            self.client.connect(self.args.host, self.args.port, keepalive=30, clean_start=True)
        else:
            self.client.connect(self.args.host, self.args.port, keepalive=30)
        self.client.loop_start()
        if not self.connected.wait(timeout=self.args.timeout) or self.fatal:
            raise RuntimeError(self.fatal or "no CONNACK from %s:%d within %ds" % (self.args.host, self.args.port, self.args.timeout))

    def _on_connect(self, client, userdata, flags, reason_code, properties=None):
        code = getattr(reason_code, "value", reason_code)
        if code != 0:
            self.fatal = "connection refused: %s (check --id and --secret)" % reason_code
            self.connected.set()
            client.disconnect()
            return
        log("connected to %s:%d as %s, session %d" % (self.args.host, self.args.port, self.id, self.session))
        self.seq = 0
        for topic, qos in [("/commands", 1), ("/jobs", 1), ("/acks", 1), ("/rebirth", 1), ("/diagnostics", 0)]:
            client.subscribe(self.base + topic, qos=qos)
        client.subscribe(ROOT + "/hub/state", qos=1)
        self.publish_state()
        self.replay_outbox()
        self.connected.set()

    def _on_disconnect(self, client, userdata, *args):
        if self.fatal or self.closing or not self.connected.is_set():
            return
        warn("connection lost; reconnecting")
        self._new_session()  # paho reconnects by itself on its network thread, right after this callback

    def _on_subscribe(self, client, userdata, mid, codes, *rest):
        for code in codes if isinstance(codes, (list, tuple)) else [codes]:
            if getattr(code, "value", code) >= 0x80:
                warn("a subscription was refused (%s): check the instrument id" % code)

    def _on_publish(self, client, userdata, mid, *rest):
        # paho 2.x hands MQTT 5 PUBACK reason codes to this callback; paho 1.x does not, and the acks topic covers both.
        if rest and getattr(rest[0], "is_failure", False):
            warn("the hub answered a publish with %s" % rest[0])

    # ---------------------------------------------------------------- publishing

    def publish_json(self, topic, payload, qos=1, retain=False, properties=None):
        return self.client.publish(topic, json.dumps(payload, separators=(",", ":")), qos=qos, retain=retain, properties=properties)

    def publish_state(self, status=None):
        if status:
            self.status = status
        self.publish_json(self.base + "/state", {
            "v": 1, "online": True, "session": self.session, "status": self.status,
            "profile": {"id": self.args.profile, "version": self.args.profile_version},
            "agent": {"name": AGENT_NAME, "version": AGENT_VERSION}, "ts": utc_now(),
        }, retain=True)

    def publish_offline(self):
        """A deliberate disconnect does not fire the will, so the agent says it is going offline itself."""
        self.closing = True
        info = self.publish_json(self.base + "/state", {"v": 1, "online": False, "session": self.session}, retain=True)
        if info.rc == mqtt.MQTT_ERR_SUCCESS:
            info.wait_for_publish(timeout=5)

    def publish_telemetry(self):
        self.publish_json(self.base + "/telemetry", {"v": 1, "seq": self.seq, "ts": utc_now(), "values": self.instrument.readings()}, qos=0)
        self.seq += 1

    def send_file(self, file_id, data):
        chunk = self.args.chunk_bytes
        count = max(1, math.ceil(len(data) / chunk))
        for index in range(count):
            topic = "%s/files/%s/%d/%d" % (self.base, file_id, index, count)
            self.client.publish(topic, data[index * chunk:(index + 1) * chunk], qos=1)

    def replay_outbox(self):
        files, measurements = self.disk.pending()
        for file_id, data in files:
            self.send_file(file_id, data)
        for document in measurements:
            self.publish_json(self.base + "/measurements", document)
        if files or measurements:
            log("outbox: sent %d measurement(s) and %d file(s) awaiting acknowledgement" % (len(measurements), len(files)))
        self.last_replay = time.monotonic()

    def submit_measurement(self, document, files):
        """Outbox first, network second: what is on disk is re-sent until the hub says it is stored."""
        for file_id, data in files:
            self.disk.keep_file(file_id, data)
        self.disk.keep_measurement(document)
        for file_id, data in files:
            self.send_file(file_id, data)
        self.publish_json(self.base + "/measurements", document)
        log("published measurement %s with %d file(s)" % (document["measurementId"], len(files)))

    def make_measurement(self, job=None):
        params = job.parameters if job else {"start": 10.0, "stop": 80.0, "step": 0.05, "dwell": 0.5}
        started = utc_now()
        two_theta, intensity = self.instrument.scan(float(params["start"]), float(params["stop"]), float(params["step"]))
        ended = utc_now()
        raw = "".join("%.4f %d\n" % point for point in zip(two_theta, intensity)).encode("ascii")
        file_id = new_ulid()
        document = {
            "v": 1, "measurementId": new_ulid(), "method": "theta2theta",
            "startedAt": started, "endedAt": ended, "parameters": params,
            "conditions": {"enclosureTemperature": round(self.instrument.enclosure_celsius, 2)},
            "descriptors": {
                "twoTheta": {"dtype": "number", "shape": [len(two_theta)], "units": "deg"},
                "intensity": {"dtype": "integer", "shape": [len(intensity)], "units": "{counts}"},
            },
            "data": {"twoTheta": two_theta, "intensity": intensity},
            "files": [{"fileId": file_id, "name": "scan.xy", "mediaType": "text/plain",
                       "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}],
            "instrument": {"calibration": {"id": "CAL-EXAMPLE-01", "date": "2026-11-01"}},
        }
        if job:
            document.update({"jobId": job.job_id, "attempt": job.attempt})
            if job.sample_id:
                document["sampleId"] = job.sample_id
        return document, [(file_id, raw)]

    # ---------------------------------------------------------------- receiving

    def _on_message(self, client, userdata, msg):
        try:
            payload = json.loads(msg.payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            warn("ignoring a message on %s that is not JSON" % msg.topic)
            return
        handlers = {
            self.base + "/acks": self.on_ack,
            self.base + "/commands": lambda p: self.on_command(p, msg),
            self.base + "/jobs": self.on_job,
            self.base + "/rebirth": lambda p: self.publish_state(),
            self.base + "/diagnostics": lambda p: warn("hub diagnostic [%s] on %s: %s" % (p.get("code"), p.get("topic"), p.get("message"))),
            ROOT + "/hub/state": self.on_hub_state,
        }
        handler = handlers.get(msg.topic)
        if handler:
            handler(payload)

    def on_ack(self, ack):
        kind, item_id, status = ack.get("kind"), ack.get("id"), ack.get("status")
        if status == "stored":
            log("stored %s %s  %s" % (kind, item_id, json.dumps(ack)))
            self.disk.drop(kind, item_id)
        elif status == "rejected":
            # Final: sending it again cannot help. Drop it and make sure a person sees why.
            if self.disk.drop(kind, item_id):
                self.rejected += 1
            error = ack.get("error") or {}
            warn("REJECTED %s %s: %s %s" % (kind, item_id, error.get("code"), error.get("message")))
        with self.changed:
            self.changed.notify_all()

    def on_hub_state(self, state):
        online = bool(state.get("online"))
        if online and self.hub_online is False:
            log("hub is back online: publishing state and replaying the outbox")
            self.publish_state()
            self.replay_outbox()
        self.hub_online = online

    def on_command(self, request, msg):
        command_id = request.get("commandId")
        reply_to = request.get("replyTo") or self.base + "/replies"
        properties = None
        if self.mqtt5 and getattr(msg, "properties", None) is not None:
            reply_to = getattr(msg.properties, "ResponseTopic", None) or reply_to
            correlation = getattr(msg.properties, "CorrelationData", None)
            if correlation is not None:
                properties = Properties(PacketTypes.PUBLISH)
                properties.CorrelationData = correlation
        if command_id in self.replies:  # a repeat: same answer, no second action
            self.publish_json(reply_to, self.replies[command_id], properties=properties)
            return
        reply = {"v": 1, "commandId": command_id}
        try:
            reply.update(self.run_command(request.get("name"), request.get("parameters") or {}))
        except (KeyError, ValueError, TypeError) as ex:
            reply.update({"status": "failed", "error": {"code": "bad-parameters", "message": "cannot run it: %s" % ex}})
        self.replies[command_id] = reply
        while len(self.replies) > 1000:
            self.replies.popitem(last=False)
        self.publish_json(reply_to, reply, properties=properties)
        log("command %s %s -> %s" % (request.get("name"), command_id, reply["status"]))

    def run_command(self, name, parameters):
        if self.status == "local" and name not in ALWAYS_ALLOWED:
            return {"status": "rejected", "error": {"code": "local-control", "message": "an operator has local control of the instrument"}}
        sim = self.instrument
        if name == "setTubePower":
            voltage, current = float(parameters["voltage"]), float(parameters["current"])
            if voltage * current > 2200:
                return {"status": "rejected", "error": {"code": "tube-rating",
                        "message": "%.0f kV x %.0f mA = %.0f W is above the tube rating of 2200 W" % (voltage, current, voltage * current)}}
            sim.tube_voltage_kv, sim.tube_current_ma = voltage, current
            return {"status": "completed", "result": {"voltage": voltage, "current": current}}
        if name == "openShutter":
            sim.shutter_open = True
            return {"status": "completed"}
        if name in ("closeShutter", "emergencyStop"):
            sim.shutter_open = False
            if name == "emergencyStop":
                sim.tube_voltage_kv, sim.tube_current_ma = 20.0, 5.0
            return {"status": "completed"}
        return {"status": "rejected", "error": {"code": "unknown-command", "message": "this agent does not know the command `%s`" % name}}

    def on_job(self, request):
        job_id, attempt = request.get("jobId"), request.get("attempt", 1)
        with self.jobs_lock:
            if request.get("type") == "abort":
                for run in self.jobs.values():
                    if run.job_id == job_id and run.attempt == attempt:
                        run.abort(request.get("reason") or "aborted by the hub")
                return
            known = self.jobs.get((job_id, attempt))
            if known:  # the hub re-sends start after a reconnect: report, do not run it twice
                known.publish_status(known.last_status)
                return
            for (other_id, other_attempt), run in self.jobs.items():
                if other_id == job_id and other_attempt < attempt and not run.done:
                    run.abort("superseded by attempt %d" % attempt)  # fenced: its results would not be accepted
            run = JobRun(self, request)
            self.jobs[(job_id, attempt)] = run
        busy = any(not r.done and r is not run for r in self.jobs.values())
        if self.status in ("local", "maintenance", "error") or busy:
            run.finish("failed", error={"code": "not-ready", "message": "instrument is %s" % ("busy" if busy else self.status)})
            return
        threading.Thread(target=run.execute, name="job-" + job_id, daemon=True).start()


class JobRun:
    """One attempt of one job: accepted, running with heartbeats, a measurement, then succeeded (or failed/aborted)."""

    def __init__(self, agent, request):
        self.agent = agent
        self.job_id = request["jobId"]
        self.attempt = request.get("attempt", 1)
        self.parameters = request.get("parameters") or {}
        self.sample_id = (request.get("sample") or {}).get("id")
        self.heartbeat = max(1.0, float(request.get("leaseSeconds") or 30) / 3.0)
        self.aborted = threading.Event()
        self.abort_reason = None
        self.done = False
        self.last_status = {"v": 1, "attempt": self.attempt, "state": "accepted", "ts": utc_now()}
        self.publish_status(self.last_status)

    def publish_status(self, status):
        self.last_status = status
        self.agent.publish_json("%s/jobs/%s/status" % (self.agent.base, self.job_id), status)

    def status(self, state, **fields):
        payload = {"v": 1, "attempt": self.attempt, "state": state, "ts": utc_now()}
        payload.update(fields)
        self.publish_status(payload)

    def abort(self, reason):
        self.abort_reason = reason
        self.aborted.set()

    def finish(self, state, **fields):
        self.done = True
        self.status(state, **fields)

    def execute(self):
        agent = self.agent
        agent.publish_state("busy")
        try:
            steps = 10  # the example scans in ten slices of a second each, whatever the parameters ask
            for step in range(steps):
                self.status("running", progress=round(step / steps, 3), stage="scanning")
                # Waiting on the abort flag, never longer than the heartbeat, keeps the lease alive.
                if self.aborted.wait(timeout=min(1.0, self.heartbeat)):
                    self.finish("aborted", error={"code": "aborted", "message": self.abort_reason})
                    return
            document, files = agent.make_measurement(self)
            agent.submit_measurement(document, files)
            self.finish("succeeded", progress=1.0, measurementIds=[document["measurementId"]])
        except (KeyError, ValueError, TypeError) as ex:
            self.finish("failed", error={"code": "bad-parameters", "message": "cannot run theta2theta: %s" % ex})
        finally:
            agent.publish_state("idle")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="SmartLab example agent (protocol v1) for an xrd-powder instrument.")
    parser.add_argument("--host", default="localhost", help="hub or broker host name (default localhost)")
    parser.add_argument("--port", type=int, default=1883, help="MQTT TCP port (default 1883)")
    parser.add_argument("--id", required=True, help="instrument id, also the MQTT client id and user name")
    parser.add_argument("--secret", required=True, help="the MQTT password issued at registration")
    parser.add_argument("--profile", default="xrd-powder", help="device profile id (default xrd-powder)")
    parser.add_argument("--profile-version", default="1.0.0", help="device profile version (default 1.0.0)")
    parser.add_argument("--state-dir", default="./agent-state", help="folder for the session counter and the outbox")
    parser.add_argument("--measurements", type=int, default=1, help="measurements to publish before exiting (default 1)")
    parser.add_argument("--telemetry", type=int, default=5, help="telemetry messages to publish first (default 5)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between telemetry messages (default 0.5)")
    parser.add_argument("--chunk-bytes", type=int, default=MAX_CHUNK_BYTES, help="file chunk size, at most 262144")
    parser.add_argument("--timeout", type=int, default=60, help="seconds to wait for the connection and the acks (default 60)")
    parser.add_argument("--mqtt311", action="store_true", help="connect with MQTT 3.1.1 instead of MQTT 5")
    parser.add_argument("--serve", action="store_true", help="stay connected, stream telemetry and serve commands and jobs until Ctrl-C")
    args = parser.parse_args(argv)
    if not 1 <= args.chunk_bytes <= MAX_CHUNK_BYTES:
        parser.error("--chunk-bytes must be between 1 and %d" % MAX_CHUNK_BYTES)
    return args


def main(argv=None):
    args = parse_args(argv)
    agent = Agent(args)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        agent.connect()
    except (OSError, RuntimeError) as ex:
        warn("cannot connect: %s" % ex)
        agent.client.loop_stop()
        return 1

    try:
        if args.serve:
            log("serving; Ctrl-C to stop")
            while not stop.wait(timeout=1.0):
                agent.publish_telemetry()
            return 0

        for _ in range(args.telemetry):
            agent.publish_telemetry()
            time.sleep(args.interval)  # the pace of the readings, not a wait for the hub
        for _ in range(args.measurements):
            document, files = agent.make_measurement()
            agent.submit_measurement(document, files)

        deadline = time.monotonic() + args.timeout
        while True:
            files, measurements = agent.disk.pending()
            if not files and not measurements:
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0 or stop.is_set():
                warn("gave up waiting: %d measurement(s) and %d file(s) not acknowledged; they stay in the outbox "
                     "in %s and are sent again on the next run" % (len(measurements), len(files), agent.disk.outbox))
                return 1
            if time.monotonic() - agent.last_replay > RESEND_AFTER_SECONDS:
                agent.replay_outbox()
            with agent.changed:  # woken by every ack; the timeout re-checks in case one slipped in before the wait
                agent.changed.wait(timeout=min(remaining, 1.0))
        if agent.rejected:
            warn("%d item(s) were rejected by the hub" % agent.rejected)
            return 1
        log("all measurements and files are stored")
        return 0
    finally:
        agent.publish_offline()
        agent.client.disconnect()
        agent.client.loop_stop()


if __name__ == "__main__":
    sys.exit(main())

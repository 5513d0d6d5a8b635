#!/usr/bin/env python3
"""Checks freshly built UDF modules against modules.txt; `make check` runs it.

For every module listed in the manifest it parses the .wasm in --built and looks for problems:

  not-wasm                the bytes are not a well-formed wasm module
  missing-abi-export      no sluice_abi_v1 export (and no other version's either)
  abi-v2-only             sluice_abi_v2 is exported but not sluice_abi_v1
  missing-core-export     memory, sluice_alloc or sluice_free is missing or has the wrong type
  no-descriptors          no sluice_v1.functions custom section
  bad-descriptor          a descriptor line does not parse (ABI.md section 2)
  missing-export          a descriptor names an export the module does not have
  wrong-signature         an export's wasm type does not match its descriptor (ABI.md 5 and 6)
  forbidden-import        an import outside sluice_v1 and wasi_snapshot_preview1
  wrong-import-signature  a sluice_v1 import with the wrong wasm type
  simd                    the module uses the simd128 feature, which the host does not compile

and compares the set found with the manifest's expectation ("ok" means none). With --committed
it also compares each module's bytes with the committed copy; a difference is reported, and is a
failure with --strict (builds are deterministic for one clang version, not across versions).

Usage: check_wasm.py --manifest modules.txt --built DIR [--committed DIR] [--strict]
"""
import argparse
import os
import re
import sys

from wasm_sections import WasmError, parse

I32, I64, F32, F64 = "i32", "i64", "f32", "f64"

CORE_EXPORTS = {
    "sluice_alloc": ((I32, I32), (I32,)),
    "sluice_free": ((I32, I32, I32), ()),
}
HOST_FUNCTIONS = {
    "error": ((I32, I32, I32), ()),
    "log": ((I32, I32), ()),
    "return_null": ((), ()),
}
AGGREGATE_EXPORTS = {
    "init": ((I32, I32), (I32,)),
    "update": ((I32, I32, I32), (I32,)),
    "merge": ((I32, I32, I32), (I32,)),
    "serialize": ((I32, I32, I32), (I32,)),
    "deserialize": ((I32, I32, I32), (I32,)),
    "finish": ((I32, I32, I32, I32), (I32,)),
    "destroy": ((I32, I32), (I32,)),
}
BATCH_SIGNATURE = ((I32, I32, I32, I32), (I32,))

# SQL type -> row-ABI wasm parameter types (ABI.md section 3).
ROW_PARAMS = {
    "BOOLEAN": (I32,), "TINYINT": (I32,), "SMALLINT": (I32,), "INT": (I32,), "BIGINT": (I64,),
    "FLOAT": (F32,), "DOUBLE": (F64,), "DECIMAL": (I64,), "VARCHAR": (I32, I32),
    "VARBINARY": (I32, I32), "DATE": (I32,), "TIME": (I64,), "TIMESTAMP": (I64,),
    "TIMESTAMP WITH TIME ZONE": (I64,),
}
SIMPLE_TYPES = {"BOOLEAN", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "FLOAT", "REAL",
                "DOUBLE", "VARCHAR", "VARBINARY", "DATE", "TIME"}
TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_.$-]*|[0-9]+)|([(),]))")


class DescriptorError(Exception):
    def __init__(self, column, message):
        super().__init__("column %d: %s" % (column, message))


class Tokens:
    """Words and punctuation of one descriptor line, with their 1-based columns."""

    def __init__(self, line):
        self.items = []
        pos = 0
        while pos < len(line) and line[pos:].strip():
            m = TOKEN.match(line, pos)
            if not m:
                stripped = len(line) - len(line[pos:].lstrip())
                raise DescriptorError(stripped + 1, "unexpected character %r" % line[stripped])
            text = m.group(1) or m.group(2)
            self.items.append((text, m.start(m.lastindex) + 1))
            pos = m.end()
        self.i = 0
        self.end_column = len(line) + 1

    def peek(self, ahead=0):
        j = self.i + ahead
        return self.items[j][0] if j < len(self.items) else None

    def column(self):
        return self.items[self.i][1] if self.i < len(self.items) else self.end_column

    def take(self):
        if self.i >= len(self.items):
            raise DescriptorError(self.end_column, "unexpected end of line")
        self.i += 1
        return self.items[self.i - 1][0]

    def expect(self, word):
        column = self.column()
        got = self.take()
        if got.upper() != word:
            raise DescriptorError(column, "expected %s but found %s" % (word, got))


def parse_type(t):
    """Returns the canonical SQL type name, with DECIMAL's precision checked."""
    column = t.column()
    word = t.take().upper()
    if word == "INTEGER":
        return "INT"
    if word == "REAL":
        return "FLOAT"
    if word in SIMPLE_TYPES:
        return word
    if word == "TIMESTAMP":
        if (t.peek() or "").upper() == "WITH":
            t.take()
            t.expect("TIME")
            t.expect("ZONE")
            return "TIMESTAMP WITH TIME ZONE"
        return "TIMESTAMP"
    if word == "DECIMAL":
        t.expect("(")
        p = t.take()
        t.expect(",")
        s = t.take()
        t.expect(")")
        if not (p.isdigit() and s.isdigit() and 1 <= int(p) <= 38 and 0 <= int(s) <= int(p)):
            raise DescriptorError(column, "DECIMAL(%s,%s): no such precision and scale" % (p, s))
        return "DECIMAL(%d,%d)" % (int(p), int(s))
    raise DescriptorError(column, "unknown type %s" % word)


def is_type_start(t):
    word = (t.peek() or "").upper()
    nxt = t.peek(1)
    if word in ("DECIMAL", "TIMESTAMP") and (nxt == "(" or (nxt or "").upper() == "WITH"):
        return True
    return word in SIMPLE_TYPES | {"TIMESTAMP", "DECIMAL"} and nxt in (",", ")")


def parse_descriptor(line):
    """Parses one line of ABI.md's grammar into a dict; raises DescriptorError."""
    t = Tokens(line)
    column = t.column()
    kind = t.take().upper()
    if kind not in ("SCALAR", "TABLE", "AGGREGATE"):
        raise DescriptorError(column, "expected SCALAR, TABLE or AGGREGATE but found %s" % kind)
    name = t.take()
    t.expect("(")
    args = []
    if t.peek() != ")":
        while True:
            if not is_type_start(t):
                t.take()  # the argument's name
            args.append(parse_type(t))
            if t.peek() == ",":
                t.take()
                continue
            column = t.column()
            if t.peek() != ")":
                raise DescriptorError(column, "expected ',' or ')' but found %s" % t.peek())
            break
    t.expect(")")
    t.expect("RETURNS")
    if (t.peek() or "").upper() == "TABLE":
        column = t.column()
        t.take()
        if kind != "TABLE":
            raise DescriptorError(column, "only a TABLE function returns TABLE(...)")
        t.expect("(")
        result = []
        while True:
            t.take()
            result.append(parse_type(t))
            if t.peek() != ",":
                break
            t.take()
        t.expect(")")
    else:
        if kind == "TABLE":
            raise DescriptorError(t.column(), "a TABLE function must return TABLE(...)")
        result = parse_type(t)
    abi, export, nulls = "BATCH", name, None
    while t.peek() is not None:
        column = t.column()
        clause = t.take().upper()
        if clause == "ABI":
            abi = t.take().upper()
            if abi not in ("ROW", "BATCH"):
                raise DescriptorError(column, "ABI must be ROW or BATCH")
        elif clause == "EXPORT":
            export = t.take()
        elif clause == "NULLS":
            nulls = t.take().upper()
            if nulls not in ("STRICT", "CALLED"):
                raise DescriptorError(column, "NULLS must be STRICT or CALLED")
        elif clause not in ("DETERMINISTIC", "NONDETERMINISTIC"):
            raise DescriptorError(column, "unknown clause %s" % clause)
    if abi == "ROW" and kind != "SCALAR":
        raise DescriptorError(1, "only SCALAR functions use the row ABI")
    return {"kind": kind, "name": name, "args": args, "result": result, "abi": abi,
            "export": export, "nulls": nulls}


def row_type(sql_type, as_result):
    base = "DECIMAL" if sql_type.startswith("DECIMAL") else sql_type
    if base == "DECIMAL" and int(sql_type[8:].split(",")[0]) > 18:
        return None  # not available on the row ABI
    if as_result and base in ("VARCHAR", "VARBINARY"):
        return (I64,)
    return ROW_PARAMS[base]


def expected_exports(d):
    """{export name: (params, results)} that a descriptor requires, or None if impossible."""
    if d["kind"] == "AGGREGATE":
        return {"%s_%s" % (d["export"], s): sig for s, sig in AGGREGATE_EXPORTS.items()}
    if d["abi"] == "BATCH":
        return {d["export"]: BATCH_SIGNATURE}
    params = []
    for a in d["args"]:
        p = row_type(a, False)
        if p is None:
            return None
        params.extend(p)
    if d["nulls"] == "CALLED":
        params.append(I32)
    result = row_type(d["result"], True)
    if result is None:
        return None
    return {d["export"]: (tuple(params), result)}


def problems_of(data):
    """Returns (set of problem codes, list of messages, descriptor count)."""
    found, notes = set(), []

    def problem(code, message):
        found.add(code)
        notes.append("%s: %s" % (code, message))

    try:
        m = parse(data)
    except WasmError as e:
        problem("not-wasm", str(e))
        return found, notes, 0

    if "sluice_abi_v1" not in m.exports:
        if any(re.fullmatch(r"sluice_abi_v[0-9]+", e) for e in m.exports):
            problem("abi-v2-only" if "sluice_abi_v2" in m.exports else "missing-abi-export",
                    "exports %s but not sluice_abi_v1" %
                    [e for e in m.exports if e.startswith("sluice_abi_v")])
        else:
            problem("missing-abi-export", "no sluice_abi_v1 export")
    elif m.export_type("sluice_abi_v1") != ((), (I32,)):
        problem("missing-core-export",
                "sluice_abi_v1 has type %s" % (m.export_type("sluice_abi_v1"),))
    if m.exports.get("memory", ("",))[0] != "memory":
        problem("missing-core-export", "no memory export")
    for name, sig in CORE_EXPORTS.items():
        if name not in m.exports or m.export_type(name) != sig:
            problem("missing-core-export", "%s missing or not of type %s" % (name, sig))

    for mod, name, kind, type_index in m.imports:
        if mod == "wasi_snapshot_preview1" and kind == "func":
            continue
        if mod == "sluice_v1" and kind == "func" and name in HOST_FUNCTIONS:
            if m.types[type_index] != HOST_FUNCTIONS[name]:
                problem("wrong-import-signature", "sluice_v1.%s has type %s, expected %s" %
                        (name, m.types[type_index], HOST_FUNCTIONS[name]))
            continue
        problem("forbidden-import", "%s %s.%s" % (kind, mod, name))

    features = m.custom("target_features") or b""
    if b"simd128" in features:
        problem("simd", "target_features lists simd128")

    text = m.custom("sluice_v1.functions")
    count = 0
    if text is None:
        problem("no-descriptors", "no sluice_v1.functions section")
        return found, notes, count
    names = set()
    for number, line in enumerate(text.decode("utf-8", "replace").split("\n"), 1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        try:
            d = parse_descriptor(line)
        except DescriptorError as e:
            problem("bad-descriptor", "line %d, %s" % (number, e))
            continue
        count += 1
        if d["name"].lower() in names:
            problem("bad-descriptor", "line %d: %s is described twice" % (number, d["name"]))
        names.add(d["name"].lower())
        exports = expected_exports(d)
        if exports is None:
            problem("bad-descriptor", "line %d: DECIMAL over 18 digits on the row ABI" % number)
            continue
        for export, sig in exports.items():
            if export not in m.exports or m.exports[export][0] != "func":
                problem("missing-export",
                        "line %d: %s has no export %s" % (number, d["name"], export))
            elif m.export_type(export) != sig:
                problem("wrong-signature", "line %d: %s has type %s, expected %s" %
                        (number, export, m.export_type(export), sig))
    return found, notes, count


def read_manifest(path):
    entries = []
    with open(path) as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if fields:
                if len(fields) != 3:
                    raise SystemExit("%s: expected 'module build expectation': %s" % (path, line))
                entries.append(fields)
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--built", required=True)
    parser.add_argument("--committed")
    parser.add_argument("--strict", action="store_true")
    options = parser.parse_args()

    failures, differences = 0, 0
    entries = read_manifest(options.manifest)
    for module, build, expectation in entries:
        expected = set() if expectation == "ok" else set(expectation.split(","))
        path = os.path.join(options.built, module + ".wasm")
        if not os.path.exists(path):
            print("FAIL %-36s not built" % module)
            failures += 1
            continue
        with open(path, "rb") as f:
            data = f.read()
        found, notes, count = problems_of(data)
        status = "ok  " if found == expected else "FAIL"
        what = "%d functions" % count if not found else ", ".join(sorted(found))
        print("%s %-36s %s" % (status, module, what))
        if found != expected:
            failures += 1
            print("       expected: %s" % (", ".join(sorted(expected)) or "no problem"))
            for note in notes:
                print("       " + note)
        if options.committed:
            committed = os.path.join(options.committed, module + ".wasm")
            if not os.path.exists(committed):
                print("       not committed: %s" % committed)
                differences += 1
            elif open(committed, "rb").read() != data:
                print("       differs from the committed %s" % committed)
                differences += 1

    # Every C source must be listed, or it would silently never be built.
    root = os.path.dirname(os.path.abspath(options.manifest))
    listed = {m for m, build, _ in entries}
    for directory in ("", "hostile", "jobs"):
        if not os.path.isdir(os.path.join(root, directory)):
            continue
        for name in sorted(os.listdir(os.path.join(root, directory))):
            module = os.path.join(directory, name[:-2]) if directory else name[:-2]
            if name.endswith(".c") and module not in listed:
                print("FAIL %-36s has a source but is not in %s" % (module, options.manifest))
                failures += 1

    print("%d modules, %d failed, %d differ from the committed bytes" %
          (len(entries), failures, differences))
    if differences:
        print("(a source, sluice.c or the toolchain changed: if the sources did, rebuild with "
              "`make -C examples/udfs` and commit the .wasm files)")
    if failures or (options.strict and differences):
        sys.exit(1)


if __name__ == "__main__":
    main()

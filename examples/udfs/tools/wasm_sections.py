"""A minimal reader of WebAssembly 1.0 binaries: sections, types, imports, exports, custom sections.

Only what the build tools of examples/udfs need; Python 3 standard library only.
"""

VALUE_TYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128",
               0x70: "funcref", 0x6F: "externref"}
EXTERNAL_KINDS = {0: "func", 1: "table", 2: "memory", 3: "global", 4: "tag"}


class WasmError(Exception):
    """The bytes are not a well-formed wasm module (as far as this reader looks)."""


class Reader:
    """Reads LEB128 numbers, names and bytes from a buffer, checking every bound."""

    def __init__(self, data, pos=0, end=None):
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    def byte(self):
        if self.pos >= self.end:
            raise WasmError("unexpected end at byte %d" % self.pos)
        b = self.data[self.pos]
        self.pos += 1
        return b

    def u32(self):
        result, shift = 0, 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if b < 0x80:
                break
            shift += 7
            if shift > 28:
                raise WasmError("LEB128 number too long at byte %d" % self.pos)
        if result > 0xFFFFFFFF:
            raise WasmError("LEB128 number out of range at byte %d" % self.pos)
        return result

    def bytes(self, n):
        if n > self.end - self.pos:
            raise WasmError("%d bytes run past the end at byte %d" % (n, self.pos))
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def name(self):
        raw = self.bytes(self.u32())
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise WasmError("a name is not UTF-8: %s" % e)


class Module:
    """The parts of a module the checks look at."""

    def __init__(self):
        self.sections = []     # (id, start, end) of every section's contents
        self.types = []        # (params, results) tuples of value type names
        self.imports = []      # (module, name, kind, type index or None)
        self.functions = []    # type index of every defined function
        self.exports = {}      # name -> (kind, index)
        self.customs = []      # (name, content bytes)

    def function_type(self, index):
        """The (params, results) of function `index` (imports first, as wasm numbers them)."""
        imported = [i for i in self.imports if i[2] == "func"]
        if index < len(imported):
            return self.types[imported[index][3]]
        return self.types[self.functions[index - len(imported)]]

    def export_type(self, name):
        kind, index = self.exports[name]
        return self.function_type(index) if kind == "func" else None

    def custom(self, name):
        """The concatenated contents of every custom section called `name`, or None."""
        parts = [content for (n, content) in self.customs if n == name]
        return b"".join(parts) if parts else None


def parse(data):
    """Parses the sections of a wasm binary; raises WasmError when it is malformed."""
    if data[:4] != b"\0asm":
        raise WasmError("no wasm magic number")
    if data[4:8] != b"\1\0\0\0":
        raise WasmError("wasm version is not 1")
    module = Module()
    r = Reader(data, 8)
    while r.pos < r.end:
        section_id = r.byte()
        size = r.u32()
        start = r.pos
        if size > r.end - start:
            raise WasmError("section %d at byte %d runs past the end" % (section_id, start))
        s = Reader(data, start, start + size)
        module.sections.append((section_id, start, start + size))
        if section_id == 0:
            name = s.name()
            module.customs.append((name, data[s.pos:start + size]))
        elif section_id == 1:
            for _ in range(s.u32()):
                if s.byte() != 0x60:
                    raise WasmError("a type is not a function type")
                params = tuple(VALUE_TYPES.get(s.byte(), "?") for _ in range(s.u32()))
                results = tuple(VALUE_TYPES.get(s.byte(), "?") for _ in range(s.u32()))
                module.types.append((params, results))
        elif section_id == 2:
            for _ in range(s.u32()):
                mod, name, kind = s.name(), s.name(), s.byte()
                type_index = None
                if kind == 0:
                    type_index = s.u32()
                elif kind == 1:
                    s.byte()
                    _limits(s)
                elif kind == 2:
                    _limits(s)
                elif kind == 3:
                    s.byte()
                    s.byte()
                else:
                    raise WasmError("unknown import kind %d" % kind)
                module.imports.append((mod, name, EXTERNAL_KINDS[kind], type_index))
        elif section_id == 3:
            module.functions = [s.u32() for _ in range(s.u32())]
        elif section_id == 7:
            for _ in range(s.u32()):
                name, kind, index = s.name(), s.byte(), s.u32()
                module.exports[name] = (EXTERNAL_KINDS.get(kind, "?"), index)
        elif section_id == 10:
            _check_code(s, len(module.functions))
        r.pos = start + size
    return module


def _limits(s):
    flags = s.byte()
    s.u32()
    if flags & 1:
        s.u32()


# Opcodes of wasm 1.0 and the proposals clang emits (sign extension, bulk memory and
# non-trapping conversions behind the 0xFC prefix); 0xFD is SIMD's prefix.
OPCODES = (set(range(0x00, 0x06)) | set(range(0x0B, 0x12)) | {0x1A, 0x1B, 0x1C}
           | set(range(0x20, 0x27)) | set(range(0x28, 0xC5)) | {0xD0, 0xD1, 0xD2, 0xFC, 0xFD})


def _check_code(s, expected):
    """Checks the code section's framing (one body per function, each within the section) and
    that each body's first instruction has a known opcode. It decodes no further: it is a sanity
    check for the build, not a validator."""
    count = s.u32()
    if count != expected:
        raise WasmError("code section has %d bodies for %d functions" % (count, expected))
    for index in range(count):
        size = s.u32()
        body = Reader(s.data, s.pos, s.pos + size)
        for _ in range(body.u32()):  # local declarations
            body.u32()
            body.byte()
        opcode = body.byte()
        if opcode not in OPCODES:
            raise WasmError("function body %d starts with unknown opcode 0x%02x at byte %d" %
                            (index, opcode, body.pos - 1))
        s.bytes(size)
    if s.pos != s.end:
        raise WasmError("code section has %d bytes after its last body" % (s.end - s.pos))


def code_bodies(data, module):
    """Yields (start, end) of each function body (after its size) in the code section."""
    for section_id, start, end in module.sections:
        if section_id != 10:
            continue
        s = Reader(data, start, end)
        for _ in range(s.u32()):
            size = s.u32()
            yield s.pos, s.pos + size
            s.pos += size

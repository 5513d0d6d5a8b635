"""DataFrames into Sluice through ADBC's Flight SQL driver (CommandStatementIngest), as
docs/server.md shows: pandas creates a table, polars appends to it, and the rows read back equal."""

import adbc_driver_flightsql.dbapi as flight_sql
import adbc_driver_manager
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest


def connect(server):
    return flight_sql.connect(
        server["uri"], autocommit=True,
        db_kwargs={"username": server["user"], "password": server["password"]})


def test_pandas_creates_and_polars_appends(server):
    events = pd.DataFrame({
        "id": pd.Series([1, 2, 3], dtype="int64"),
        "ts": pd.to_datetime(["2024-01-01 00:00:00", "2024-01-01 00:00:01.5", None], format="ISO8601"),
        "url": ["https://a.example.com/x", None, "https://b.example.org/ü"],
        "latency_ms": [12.5, float("nan"), 7.25],
    })
    more = pl.DataFrame({
        "id": [4, 5],
        "ts": [None, None],
        "url": ["http://c.example.net/", "https://d.example.com/日本"],
        "latency_ms": [1.0, 2.0],
    }, schema={"id": pl.Int64, "ts": pl.Datetime("us"), "url": pl.Utf8, "latency_ms": pl.Float64})
    with connect(server) as conn, conn.cursor() as cur:
        assert cur.adbc_ingest("events", events, mode="create") == 3
        assert cur.adbc_ingest("events", more.to_arrow(), mode="append") == 2
        cur.execute("SELECT id, ts, url, latency_ms FROM events ORDER BY id")
        back = cur.fetch_arrow_table()
    assert back.num_rows == 5
    assert back.column("id").to_pylist() == [1, 2, 3, 4, 5]
    assert back.column("url").to_pylist() == [
        "https://a.example.com/x", None, "https://b.example.org/ü",
        "http://c.example.net/", "https://d.example.com/日本"]
    ts = back.column("ts").to_pylist()
    assert str(ts[1]) == "2024-01-01 00:00:01.500000" and ts[2] is None
    latency = back.column("latency_ms").to_pylist()
    assert latency[0] == 12.5 and latency[1] is None  # pandas sends its NaN as a missing value


def test_a_large_frame_goes_in_batches(server):
    # One Flight message may carry 16 MiB (the server's limits.max_message_bytes, and ADBC's own
    # default): a frame of millions of rows goes as a stream of smaller record batches.
    n = 300_000
    frame = pd.DataFrame({"id": range(n), "label": [f"label {i % 1000}" for i in range(n)]})
    batches = pa.Table.from_pandas(frame, preserve_index=False).to_reader(max_chunksize=50_000)
    with connect(server) as conn, conn.cursor() as cur:
        assert cur.adbc_ingest("big_frame", batches, mode="create") == n
        cur.execute("SELECT COUNT(*), SUM(id), COUNT(DISTINCT label) FROM big_frame")
        assert cur.fetchone() == (n, n * (n - 1) // 2, 1000)


def test_modes_refuse_what_they_should(server):
    table = pa.table({"n": pa.array([1, 2], pa.int32())})
    with connect(server) as conn, conn.cursor() as cur:
        cur.adbc_ingest("modes", table, mode="create")
        with pytest.raises(adbc_driver_manager.Error) as exists:
            cur.adbc_ingest("modes", table, mode="create")
        assert "ALREADY_EXISTS" in str(exists.value) and "table modes exists" in str(exists.value)
        with pytest.raises(adbc_driver_manager.Error) as missing:
            cur.adbc_ingest("no_such_table", table, mode="append")
        assert "NOT_FOUND" in str(missing.value) and "no_such_table" in str(missing.value)
        assert cur.adbc_ingest("modes", pa.table({"n": pa.array([7], pa.int32())}),
                               mode="replace") == 1
        cur.execute("SELECT COUNT(*), SUM(n) FROM modes")
        assert cur.fetchone() == (1, 7)


def test_a_value_that_does_not_fit_stores_nothing(server):
    with connect(server) as conn, conn.cursor() as cur:
        cur.adbc_ingest("small", pa.table({"n": pa.array([1], pa.int8())}), mode="create")
        with pytest.raises(adbc_driver_manager.Error) as bad:
            cur.adbc_ingest("small", pa.table({"n": pa.array([2, 300], pa.int64())}), mode="append")
        assert "row 2, column 'n': 300" in str(bad.value)
        cur.execute("SELECT COUNT(*) FROM small")
        assert cur.fetchone() == (1,)


def test_an_empty_dataframe_is_refused_not_left_hanging(server):
    # ADBC sends no schema for zero rows, so there is nothing to create a table from.
    with connect(server) as conn, conn.cursor() as cur:
        with pytest.raises(adbc_driver_manager.Error) as empty:
            cur.adbc_ingest("nothing", pa.table({"n": pa.array([], pa.int8())}), mode="create")
        assert "ended before its first message" in str(empty.value)

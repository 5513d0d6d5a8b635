package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.Columns;
import io.sluice.sql.exec.EvalBatch;
import io.sluice.sql.exec.Evaluator;
import io.sluice.sql.exec.Lane;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link VectorPlan.Join}: reads the whole build input (the right one, or the left one of an
 * inner, left, semi or anti join that builds on its left) into one batch, numbers its keys in a
 * {@link KeyTable} and chains its rows by key; then streams the other (probe) input through, a
 * batch at a time, emitting matching pairs at most {@link #PAIRS} at a time: one chunk of output is
 * held at a time, however many rows a key matches.
 *
 * <p>NULL semantics: a key compared with {@code =} never matches NULL, so rows with a NULL in such
 * a key are left out of the chains and never found; they still appear unmatched in outer joins and
 * as unmatched rows of an anti join. A residual condition is evaluated on candidate pairs; a pair
 * whose condition is not true (false or NULL) does not match.
 */
final class HashJoinStream implements BatchStream {
  /** Most pairs of rows evaluated and emitted at once. */
  static final int PAIRS = 8192;

  private final VectorPlan.Join join;
  private final VectorExecution execution;
  private final BatchStream left;
  private final BatchStream right;
  private final BatchStream probeSide;
  private final BatchStream buildSide;
  private final int[] probeKeys;
  private final int[] buildKeys;
  private final ArrayDeque<Batch> pending = new ArrayDeque<>();

  private boolean built;
  private boolean probeDone;
  private Column[] build;
  private int buildRows;
  private KeyTable table;
  private int[] head;
  private int[] chain;
  private boolean[] buildMatched;
  private int[] buildIds;
  private boolean[] buildExcluded;

  /**
   * Keys found by the probe side, for a semi or anti join that builds its left input and has no
   * residual condition: every build row of a found key matches.
   */
  private boolean[] keyFound;

  /** The probe batch whose pairs are being emitted, or null between batches. */
  private Batch probe;

  private int[] first;
  private boolean[] matched;
  private int probeRow;
  private int chainAt = NOT_STARTED;
  private final int[] probeRows = new int[PAIRS];
  private final int[] buildRowsOf = new int[PAIRS];

  private static final int NOT_STARTED = -2;

  HashJoinStream(VectorPlan.Join join, VectorExecution execution) {
    this.join = join;
    this.execution = execution;
    this.left = join.left().open(execution);
    BatchStream opened;
    try {
      opened = join.right().open(execution);
    } catch (RuntimeException e) {
      left.close();
      throw e;
    }
    this.right = opened;
    boolean swapped = join.buildLeft();
    this.probeSide = swapped ? right : left;
    this.buildSide = swapped ? left : right;
    this.probeKeys = swapped ? join.rightKeys() : join.leftKeys();
    this.buildKeys = swapped ? join.leftKeys() : join.rightKeys();
  }

  @Override
  public Batch next() {
    if (!built) {
      build();
      built = true;
    }
    while (pending.isEmpty()) {
      if (probe != null) {
        advance();
        continue;
      }
      if (probeDone) {
        return null;
      }
      Batch next =
          buildRows == 0 && (join.buildLeft() || !keepsLeftWithoutMatch())
              ? null
              : probeSide.next();
      if (next == null) {
        probeDone = true;
        if (join.type().keepsUnmatchedRight()) {
          emitUnmatchedRight();
        } else if (join.buildLeft() && join.type() == VectorPlan.JoinType.LEFT) {
          emitUnmatchedBuiltLeft();
        } else if (join.buildLeft() && !join.type().projectsRight()) {
          emitBuildRows(join.type() == VectorPlan.JoinType.SEMI);
        }
      } else {
        startProbe(next);
      }
    }
    return pending.poll();
  }

  private boolean keepsLeftWithoutMatch() {
    return join.type().keepsUnmatchedLeft() || join.type() == VectorPlan.JoinType.ANTI;
  }

  private void build() {
    List<Lane> buildLanes = (join.buildLeft() ? join.left() : join.right()).lanes();
    Batch all = ColumnLists.readAll(buildSide, buildLanes);
    build = all.columns();
    buildRows = all.rows();
    int[] keys = buildKeys;
    Lane[] lanes = new Lane[keys.length];
    Column[] keyColumns = new Column[keys.length];
    for (int k = 0; k < keys.length; k++) {
      lanes[k] = buildLanes.get(keys[k]);
      keyColumns[k] = build[keys[k]];
    }
    table = new KeyTable(lanes);
    int[] ids = table.assign(keyColumns, buildRows);
    head = new int[table.size()];
    Arrays.fill(head, -1);
    chain = new int[buildRows];
    boolean[] excluded = excludedRows(keyColumns, buildRows);
    // Linked from the last row back, so each chain lists its rows in input order.
    for (int r = buildRows - 1; r >= 0; r--) {
      if (excluded == null || !excluded[r]) {
        chain[r] = head[ids[r]];
        head[ids[r]] = r;
      }
    }
    if (join.type().keepsUnmatchedRight()
        || (join.buildLeft() && join.type() != VectorPlan.JoinType.INNER)) {
      buildMatched = new boolean[buildRows];
    }
    buildIds = ids;
    buildExcluded = excluded;
    if (buildRows > 0) {
      sendFilters(keyColumns, excluded);
    }
  }

  /**
   * Sends the build side's keys down the probe side as dynamic filters, before the probe side
   * starts: each shard fragment on a {@link VectorPlan.FilterRoute} drops the rows whose key is not
   * among them.
   */
  private void sendFilters(Column[] keyColumns, boolean[] excluded) {
    for (VectorPlan.FilterRoute route : join.filters()) {
      BatchStream target = probeSide;
      for (int step : route.path()) {
        target = target == null ? null : target.input(step);
      }
      if (target instanceof ShardStream shards) {
        shards.addFilter(DynamicFilters.of(route, table, keyColumns, excluded, buildRows));
      }
    }
  }

  /** Rows with a NULL in a key that must not match NULL; null when there are none. */
  private boolean[] excludedRows(Column[] keyColumns, int rows) {
    boolean[] excluded = null;
    for (int k = 0; k < keyColumns.length; k++) {
      if (join.nullsMatch()[k]) {
        continue;
      }
      Column key = keyColumns[k];
      for (int r = 0; r < rows; r++) {
        if (Columns.isNull(key, r)) {
          if (excluded == null) {
            excluded = new boolean[rows];
          }
          excluded[r] = true;
        }
      }
    }
    return excluded;
  }

  /** Finds the first build row of each probe row's key; pairs come from {@link #advance}. */
  private void startProbe(Batch batch) {
    int rows = batch.rows();
    int[] keys = probeKeys;
    Column[] keyColumns = new Column[keys.length];
    for (int k = 0; k < keys.length; k++) {
      keyColumns[k] = batch.columns()[keys[k]];
    }
    int[] ids = buildRows == 0 ? null : table.find(keyColumns, rows);
    boolean[] excluded = excludedRows(keyColumns, rows);
    first = new int[rows];
    for (int r = 0; r < rows; r++) {
      first[r] = ids == null || ids[r] < 0 || (excluded != null && excluded[r]) ? -1 : head[ids[r]];
    }
    if (join.buildLeft() && join.condition() == null && !join.type().projectsRight()) {
      if (keyFound == null) {
        keyFound = new boolean[table.size()];
      }
      for (int r = 0; r < rows; r++) {
        if (first[r] >= 0) {
          keyFound[ids[r]] = true;
        }
      }
      first = null;
      return;
    }
    matched = new boolean[rows];
    probe = batch;
    probeRow = 0;
    chainAt = NOT_STARTED;
    if (join.condition() == null && !join.type().projectsRight()) {
      for (int r = 0; r < rows; r++) {
        matched[r] = first[r] >= 0;
      }
      finishProbe();
    }
  }

  /**
   * Walks the chains of the probe batch from where the last call stopped, up to {@link #PAIRS}
   * candidate pairs, so a key with many matches never holds more than one chunk of pairs.
   */
  private void advance() {
    int rows = probe.rows();
    int count = 0;
    while (probeRow < rows && count < PAIRS) {
      if (chainAt == NOT_STARTED) {
        chainAt = first[probeRow];
      }
      while (chainAt >= 0 && count < PAIRS) {
        probeRows[count] = probeRow;
        buildRowsOf[count] = chainAt;
        count++;
        chainAt = chain[chainAt];
      }
      if (chainAt < 0) {
        probeRow++;
        chainAt = NOT_STARTED;
      }
    }
    if (count > 0) {
      matchPairs(probe, probeRows, buildRowsOf, count, matched);
    }
    if (probeRow >= rows) {
      finishProbe();
    }
  }

  /** Emits the probe batch's rows that depend on whether they matched, and forgets the batch. */
  private void finishProbe() {
    VectorPlan.JoinType type = join.type();
    if (join.buildLeft()) {
      // Pairs are emitted already; build rows with or without a match come at the end.
    } else if (type == VectorPlan.JoinType.SEMI) {
      emitLeft(probe, matched, true, false);
    } else if (type == VectorPlan.JoinType.ANTI) {
      emitLeft(probe, matched, false, false);
    } else if (type.keepsUnmatchedLeft()) {
      emitLeft(probe, matched, false, true);
    }
    probe = null;
    first = null;
    matched = null;
  }

  private void matchPairs(
      Batch probe, int[] probeRows, int[] buildRowsOf, int count, boolean[] matched) {
    execution.checkCancelled();
    Column[] probeColumns = probe.columns();
    Column[] pair = new Column[probeColumns.length + build.length];
    // Pairs are always left columns then right ones, whichever side was built.
    int probeAt = join.buildLeft() ? build.length : 0;
    int buildAt = join.buildLeft() ? 0 : probeColumns.length;
    for (int c = 0; c < probeColumns.length; c++) {
      pair[probeAt + c] = probeColumns[c].select(probeRows, count);
    }
    for (int c = 0; c < build.length; c++) {
      pair[buildAt + c] = build[c].select(buildRowsOf, count);
    }
    int passing = count;
    int[] selection = null;
    if (join.condition() != null) {
      EvalBatch eval = new EvalBatch(pair, count, execution.query(), execution.allocator());
      selection = new int[count];
      passing = Evaluator.select(join.condition(), eval, selection);
    }
    for (int i = 0; i < passing; i++) {
      int p = selection == null ? i : selection[i];
      matched[probeRows[p]] = true;
      if (buildMatched != null) {
        buildMatched[buildRowsOf[p]] = true;
      }
    }
    if (!join.type().projectsRight() || passing == 0) {
      return;
    }
    Batch out = new Batch(pair, count);
    pending.add(selection == null || passing == count ? out : out.select(selection, passing));
  }

  /**
   * Emits the probe rows whose {@code matched} flag is {@code wanted}, with NULL right columns when
   * {@code padRight}.
   */
  private void emitLeft(Batch probe, boolean[] matched, boolean wanted, boolean padRight) {
    int rows = probe.rows();
    int[] selection = new int[rows];
    int count = 0;
    for (int r = 0; r < rows; r++) {
      if (matched[r] == wanted) {
        selection[count++] = r;
      }
    }
    if (count == 0) {
      return;
    }
    Batch kept = count == rows ? probe : probe.select(selection, count);
    if (!padRight) {
      pending.add(kept);
      return;
    }
    List<Lane> rightLanes = join.right().lanes();
    Column[] out = Arrays.copyOf(kept.columns(), kept.columns().length + rightLanes.size());
    for (int c = 0; c < rightLanes.size(); c++) {
      out[kept.columns().length + c] = ColumnLists.nulls(rightLanes.get(c), count);
    }
    pending.add(new Batch(out, count));
  }

  /**
   * For a semi or anti join that built its left input: emits the build rows that matched (semi) or
   * did not (anti), in their input order.
   */
  private void emitBuildRows(boolean wanted) {
    if (keyFound != null) {
      for (int b = 0; b < buildRows; b++) {
        buildMatched[b] = keyFound[buildIds[b]] && (buildExcluded == null || !buildExcluded[b]);
      }
    }
    int[] selection = new int[PAIRS];
    int count = 0;
    for (int b = 0; b < buildRows; b++) {
      if (buildMatched[b] == wanted) {
        selection[count++] = b;
        if (count == PAIRS) {
          pending.add(new Batch(build, buildRows).select(selection, count));
          selection = new int[PAIRS];
          count = 0;
        }
      }
    }
    if (count > 0) {
      pending.add(new Batch(build, buildRows).select(selection, count));
    }
  }

  /** For a left join that built its left input: its unmatched rows, with NULL right columns. */
  private void emitUnmatchedBuiltLeft() {
    List<Lane> rightLanes = join.right().lanes();
    int[] selection = new int[PAIRS];
    int count = 0;
    for (int b = 0; b <= buildRows; b++) {
      if (b < buildRows && !buildMatched[b]) {
        selection[count++] = b;
      }
      if (count == PAIRS || (b == buildRows && count > 0)) {
        Column[] out = new Column[build.length + rightLanes.size()];
        for (int c = 0; c < build.length; c++) {
          out[c] = build[c].select(selection, count);
        }
        for (int c = 0; c < rightLanes.size(); c++) {
          out[build.length + c] = ColumnLists.nulls(rightLanes.get(c), count);
        }
        pending.add(new Batch(out, count));
        count = 0;
      }
    }
  }

  private void emitUnmatchedRight() {
    List<Lane> leftLanes = join.left().lanes();
    int[] selection = new int[PAIRS];
    int count = 0;
    for (int b = 0; b < buildRows; b++) {
      if (!buildMatched[b]) {
        selection[count++] = b;
        if (count == PAIRS) {
          emitRight(selection, count, leftLanes);
          count = 0;
        }
      }
    }
    if (count > 0) {
      emitRight(selection, count, leftLanes);
    }
  }

  private void emitRight(int[] selection, int count, List<Lane> leftLanes) {
    Column[] out = new Column[leftLanes.size() + build.length];
    for (int c = 0; c < leftLanes.size(); c++) {
      out[c] = ColumnLists.nulls(leftLanes.get(c), count);
    }
    for (int c = 0; c < build.length; c++) {
      out[leftLanes.size() + c] = build[c].select(selection, count);
    }
    pending.add(new Batch(out, count));
  }

  @Override
  public BatchStream input(int ordinal) {
    return ordinal == 0 ? left : ordinal == 1 ? right : null;
  }

  @Override
  public void close() {
    try {
      left.close();
    } finally {
      right.close();
    }
  }
}

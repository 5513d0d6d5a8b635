<#--
  Sluice's statements, spliced into Calcite's Parser.jj by FMPP (see ../config.fmpp).

  CREATE TABLE [IF NOT EXISTS] t (col type [NOT NULL], ...) [DISTRIBUTED BY (col)] [SHARDS n]
      [WITH (key = value, ...)]
  DROP TABLE [IF EXISTS] t
  CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] f [([name] type, ...)]
      [RETURNS type | RETURNS TABLE (col type, ...)]
      USING WASM FROM { 'path or file: URL' | BASE64 '...' }
      [EXPORT 'symbol'] [ABI { ROW | BATCH }] [WITH (key = value, ...)]
  CREATE [OR REPLACE] AGGREGATE [IF NOT EXISTS] a [([name] type, ...)] [RETURNS type]
      USING WASM FROM ... [EXPORT 'symbol'] [WITH (...)]
  DROP { FUNCTION | AGGREGATE } [IF EXISTS] f
  SHOW { FUNCTIONS | TABLES }
  EXPLAIN ANALYZE query
-->

boolean IfNotExistsOpt() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** A column: name type [NOT NULL]. */
void SluiceColumnDeclaration(List<SqlNode> list) :
{
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
    final boolean nullable;
    final Span s = Span.of();
}
{
    id = SimpleIdentifier()
    type = DataType()
    nullable = NullableOptDefaultTrue()
    {
        list.add(new SqlColumnDeclaration(s.add(id).end(this), id, type.withNullable(nullable)));
    }
}

SqlNodeList SluiceColumnList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    SluiceColumnDeclaration(list)
    ( <COMMA> SluiceColumnDeclaration(list) )*
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

/** A function parameter: [name] type. Unnamed parameters get a null name. */
void SluiceParameter(List<SqlNode> list) :
{
    SqlIdentifier id = null;
    final SqlDataTypeSpec type;
    final Span s = Span.of();
}
{
    (
        LOOKAHEAD(2)
        id = SimpleIdentifier() type = DataType()
    |
        type = DataType()
    )
    {
        list.add(new SqlColumnDeclaration(s.end(this), id, type.withNullable(true)));
    }
}

SqlNodeList SluiceParameterList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    [
        SluiceParameter(list)
        ( <COMMA> SluiceParameter(list) )*
    ]
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

/** WITH (key = literal, ...): withOptions as a flat list key1, value1, key2, value2, ... */
SqlNodeList SluiceOptionList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlIdentifier key;
    SqlNode value;
}
{
    <WITH> <LPAREN> { s = span(); }
    key = SimpleIdentifier() <EQ> value = Literal() { list.add(key); list.add(value); }
    (
        <COMMA> key = SimpleIdentifier() <EQ> value = Literal() { list.add(key); list.add(value); }
    )*
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlNodeList columns;
    SqlIdentifier distributedBy = null;
    SqlNumericLiteral shards = null;
    SqlNodeList withOptions = SqlNodeList.EMPTY;
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    columns = SluiceColumnList()
    [ <DISTRIBUTED> <BY> <LPAREN> distributedBy = SimpleIdentifier() <RPAREN> ]
    [ <SHARDS> shards = UnsignedNumericLiteral() ]
    [ withOptions = SluiceOptionList() ]
    {
        return new SqlCreateSluiceTable(s.end(this), replace, ifNotExists, id, columns,
            distributedBy, shards, withOptions);
    }
}

/** FROM 'location' | FROM BASE64 'bytes'. */
SqlWasmSource SluiceWasmSource() :
{
    final Span s;
    final SqlNode text;
    boolean base64 = false;
}
{
    <FROM> { s = span(); }
    [ <BASE64> { base64 = true; } ]
    text = StringLiteral()
    {
        return new SqlWasmSource(s.end(this), base64, text);
    }
}

/** The common tail: USING WASM FROM ... [EXPORT 's'] [ABI ROW|BATCH] [WITH (...)]. */
SqlCreateWasmFunction SluiceWasmFunctionTail(Span s, boolean replace, SqlWasmFunctionKind kind,
    boolean ifNotExists, SqlIdentifier id, SqlNodeList parameters, SqlDataTypeSpec returnType,
    SqlNodeList returnColumns) :
{
    final SqlWasmSource source;
    SqlNode exportName = null;
    SqlIdentifier abi = null;
    SqlNodeList withOptions = SqlNodeList.EMPTY;
}
{
    <USING> <WASM> source = SluiceWasmSource()
    [ <EXPORT> exportName = StringLiteral() ]
    [
        <ABI>
        (
            <ROW> { abi = new SqlIdentifier("ROW", getPos()); }
        |
            <BATCH> { abi = new SqlIdentifier("BATCH", getPos()); }
        )
    ]
    [ withOptions = SluiceOptionList() ]
    {
        return new SqlCreateWasmFunction(s.end(this), replace, ifNotExists, kind, id, parameters,
            returnType, returnColumns, source, exportName, abi, withOptions);
    }
}

SqlCreate SqlCreateFunction(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList parameters = null;
    SqlDataTypeSpec returnType = null;
    SqlNodeList returnColumns = null;
    SqlWasmFunctionKind kind = SqlWasmFunctionKind.SCALAR;
    final SqlCreateWasmFunction function;
}
{
    <FUNCTION> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    [ parameters = SluiceParameterList() ]
    [
        <RETURNS>
        (
            <TABLE> returnColumns = SluiceColumnList() { kind = SqlWasmFunctionKind.TABLE; }
        |
            returnType = DataType()
        )
    ]
    function = SluiceWasmFunctionTail(s, replace, kind, ifNotExists, id, parameters, returnType,
        returnColumns)
    {
        return function;
    }
}

SqlCreate SqlCreateAggregate(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList parameters = null;
    SqlDataTypeSpec returnType = null;
    final SqlCreateWasmFunction function;
}
{
    <AGGREGATE> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    [ parameters = SluiceParameterList() ]
    [ <RETURNS> returnType = DataType() ]
    function = SluiceWasmFunctionTail(s, replace, SqlWasmFunctionKind.AGGREGATE, ifNotExists, id,
        parameters, returnType, null)
    {
        return function;
    }
}

SqlDrop SqlDropTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <TABLE> ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropSluiceTable(s.end(this), ifExists, id);
    }
}

SqlDrop SqlDropFunction(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <FUNCTION> ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropWasmFunction(s.end(this), false, ifExists, id);
    }
}

SqlDrop SqlDropAggregate(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <AGGREGATE> ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropWasmFunction(s.end(this), true, ifExists, id);
    }
}

SqlNode SqlShow() :
{
    final Span s;
}
{
    <SHOW> { s = span(); }
    (
        <FUNCTIONS> { return SqlShow.query(s.end(this), SqlShow.What.FUNCTIONS); }
    |
        <TABLES> { return SqlShow.query(s.end(this), SqlShow.What.TABLES); }
    )
}

SqlNode SqlExplainAnalyze() :
{
    final Span s;
    final Token analyze;
    final SqlNode query;
}
{
    <EXPLAIN> { s = span(); } <ANALYZE> { analyze = token; }
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        final Token last = getToken(0);
        return SqlExplainAnalyze.query(s.end(this),
            SqlExplainAnalyze.textBetween(originalSql, analyze.endLine, analyze.endColumn,
                last.endLine, last.endColumn));
    }
}

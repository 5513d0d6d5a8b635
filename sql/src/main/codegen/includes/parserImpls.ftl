<#--
  Sluice's statements, spliced into Calcite's Parser.jj by FMPP (see ../config.fmpp).

  CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [(col type [NOT NULL], ...)] [DISTRIBUTED BY (col)]
      [SHARDS n] [WITH (key = value, ...)] [AS query | FROM 'path or glob' [WITH (file options)]]
  COPY t [(col, ...)] FROM 'path or glob' [WITH (file options)]   (an option is key = literal, or a
                                                                   bare key meaning key = TRUE)
  COPY { t [(col, ...)] | (query) } TO 'path' [WITH (file options)]
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

/** An option's name: an identifier, or one of the reserved words options are named after. */
SqlIdentifier SluiceOptionName() :
{
    final SqlIdentifier id;
}
{
    (
        id = SimpleIdentifier()
    |
        <NULL> { id = new SqlIdentifier("null", getPos()); }
    |
        <ESCAPE> { id = new SqlIdentifier("escape", getPos()); }
    )
    { return id; }
}

/** One option: key = literal, or a bare key meaning key = TRUE (WITH (header)). */
void SluiceOption(List<SqlNode> list) :
{
    final SqlIdentifier key;
    SqlNode value;
}
{
    key = SluiceOptionName()
    (
        <EQ> value = Literal()
    |
        { value = SqlLiteral.createBoolean(true, key.getParserPosition()); }
    )
    { list.add(key); list.add(value); }
}

/** WITH (key = literal, ...): withOptions as a flat list key1, value1, key2, value2, ... */
SqlNodeList SluiceOptionList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <WITH> <LPAREN> { s = span(); }
    SluiceOption(list)
    (
        <COMMA> SluiceOption(list)
    )*
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

/** The text of a query just parsed, from after the token before it to its last token. */
String SluiceQueryText(Token before) :
{
}
{
    {
        final Token last = getToken(0);
        return SqlExplainAnalyze.textBetween(originalSql, before.endLine, before.endColumn,
            last.endLine, last.endColumn);
    }
}

/**
 * COPY t [(col, ...)] FROM 'path' [WITH (...)]
 * COPY { t [(col, ...)] | (query) } TO 'path' [WITH (...)]
 */
SqlNode SqlCopy() :
{
    final Span s;
    SqlIdentifier table = null;
    SqlNodeList columns = null;
    SqlNode query = null;
    String queryText = null;
    Token open;
    final boolean from;
    final SqlNode path;
    SqlNodeList copyOptions = SqlNodeList.EMPTY;
}
{
    <COPY> { s = span(); }
    (
        table = CompoundIdentifier()
        [ columns = ParenthesizedSimpleIdentifierList() ]
    |
        <LPAREN> { open = token; }
        query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        queryText = SluiceQueryText(open)
        <RPAREN>
    )
    (
        <FROM> { from = true; }
    |
        <TO> { from = false; }
    )
    path = StringLiteral()
    [ copyOptions = SluiceOptionList() ]
    {
        return new SqlCopy(s.end(this), from, table, columns, query, queryText, path, copyOptions);
    }
}

SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList columns = null;
    SqlIdentifier distributedBy = null;
    SqlNumericLiteral shards = null;
    SqlNodeList withOptions = SqlNodeList.EMPTY;
    SqlNode query = null;
    String queryText = null;
    Token as;
    SqlNode source = null;
    SqlNodeList fileOptions = SqlNodeList.EMPTY;
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    [ columns = SluiceColumnList() ]
    [ <DISTRIBUTED> <BY> <LPAREN> distributedBy = SimpleIdentifier() <RPAREN> ]
    [ <SHARDS> shards = UnsignedNumericLiteral() ]
    [ withOptions = SluiceOptionList() ]
    [
        <AS> { as = token; }
        query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        queryText = SluiceQueryText(as)
    |
        <FROM> source = StringLiteral()
        [ fileOptions = SluiceOptionList() ]
    ]
    {
        return new SqlCreateSluiceTable(s.end(this), replace, ifNotExists, id, columns,
            distributedBy, shards, withOptions, query, queryText, source, fileOptions);
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

SqlNode SqlAnalyze() :
{
    final Span s;
    final List<SqlNode> tables = new ArrayList<SqlNode>();
    SqlIdentifier id;
}
{
    <ANALYZE> { s = span(); }
    [ <TABLE> ]
    [
        id = CompoundIdentifier() { tables.add(id); }
        ( <COMMA> id = CompoundIdentifier() { tables.add(id); } )*
    ]
    {
        return new SqlAnalyze(s.end(this), new SqlNodeList(tables, s.end(this)));
    }
}

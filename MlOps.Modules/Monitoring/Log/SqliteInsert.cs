using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// One prepared SQLite INSERT whose values are bound by position through SQLitePCL, the library under
/// Microsoft.Data.Sqlite, on the connection (and so in the transaction) the store opened. ADO.NET's parameters box
/// every value and look each one up by name on every execution; on the prediction log that cost nearly as much CPU as
/// SQLite's own insert (7–9 µs a row against 4.7 bound by position), and the writer's bursts of it lengthened the
/// slowest predictions (docs/onnx.md).
/// </summary>
internal sealed class SqliteInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public SqliteInsert Integer(int position, long? value) =>
        Checked(value is { } number ? raw.sqlite3_bind_int64(_statement, position, number) : raw.sqlite3_bind_null(_statement, position));

    public SqliteInsert Real(int position, double? value) =>
        Checked(value is { } number ? raw.sqlite3_bind_double(_statement, position, number) : raw.sqlite3_bind_null(_statement, position));

    public SqliteInsert Text(int position, string? value) =>
        Checked(value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text16(_statement, position, value));

    /// <summary>Inserts the bound row and readies the statement for the next.</summary>
    public void Execute()
    {
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE) Check(result);
    }

    public void Dispose() => _statement.Dispose();

    private SqliteInsert Checked(int result)
    {
        Check(result);
        return this;
    }

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _db);
}

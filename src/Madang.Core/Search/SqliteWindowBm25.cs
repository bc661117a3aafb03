using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Madang.Core.Search;

/// <summary>
/// Registers <c>madang_bm25(fts, titleWeight, bodyWeight, idf0, idf1, …)</c>: FTS5's own BM25 formula, but with each
/// phrase's inverse document frequency given by the caller instead of counted over the whole index.
/// </summary>
/// <remarks>
/// FTS5's built-in bm25() counts, once per query, every row holding each phrase. At a million documents a common word
/// or a CJK phrase of bigrams is hundreds of thousands of rows, so ranking even a small window of recent matches cost as
/// much as ranking all of them. The window's own counts estimate the same idf for a fraction of the work. FTS5 offers
/// no way to add an auxiliary function but its C API, so this goes through the same native library Microsoft.Data.Sqlite
/// loads; when that fails (another SQLite build), search falls back to bm25() and simply does more work.
/// </remarks>
internal static unsafe class SqliteWindowBm25
{
    public const string Name = "madang_bm25";

    private const string Library = "e_sqlite3";
    private const int SqliteRow = 100;
    private const double K1 = 1.2;
    private const double B = 0.75;

    private static readonly ConditionalWeakTable<object, object> Registered = [];
    private static int failed;

    /// <summary>Whether the function can be registered at all (decided by the first connection that tries).</summary>
    public static bool Available => Volatile.Read(ref failed) == 0;

    [DllImport(Library)]
    private static extern int sqlite3_prepare_v2(IntPtr db, byte* sql, int bytes, out IntPtr stmt, IntPtr tail);

    [DllImport(Library)]
    private static extern int sqlite3_bind_pointer(IntPtr stmt, int index, void* pointer, byte* type, IntPtr destructor);

    [DllImport(Library)]
    private static extern int sqlite3_step(IntPtr stmt);

    [DllImport(Library)]
    private static extern int sqlite3_finalize(IntPtr stmt);

    [DllImport(Library)]
    private static extern void sqlite3_result_double(IntPtr context, double value);

    [DllImport(Library)]
    private static extern double sqlite3_value_double(IntPtr value);

    [DllImport(Library)]
    private static extern void sqlite3_result_error_code(IntPtr context, int code);

    /// <summary>Adds the function to an open connection once; false when this SQLite cannot have it.</summary>
    public static bool Register(SqliteConnection connection)
    {
        if (!Available || connection.Handle is not { } handle)
        {
            return false;
        }

        if (Registered.TryGetValue(handle, out _))
        {
            return true;
        }

        try
        {
            var api = GetApi(handle.DangerousGetHandle());
            if (api == IntPtr.Zero)
            {
                Interlocked.Exchange(ref failed, 1);
                return false;
            }

            // fts5_api: { int iVersion; xCreateTokenizer; xFindTokenizer; xCreateFunction; … }
            var create = (delegate* unmanaged<IntPtr, byte*, IntPtr, delegate* unmanaged<IntPtr, IntPtr, IntPtr, int, IntPtr*, void>, IntPtr, int>)
                *(IntPtr*)(api + (3 * IntPtr.Size));
            fixed (byte* name = "madang_bm25\0"u8)
            {
                if (create(api, name, IntPtr.Zero, &Rank, IntPtr.Zero) != 0)
                {
                    Interlocked.Exchange(ref failed, 1);
                    return false;
                }
            }

            Registered.AddOrUpdate(handle, handle);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Interlocked.Exchange(ref failed, 1);
            return false;
        }
    }

    private static IntPtr GetApi(IntPtr db)
    {
        IntPtr api = IntPtr.Zero;
        fixed (byte* sql = "SELECT fts5(?1)\0"u8)
        fixed (byte* type = "fts5_api_ptr\0"u8)
        {
            if (sqlite3_prepare_v2(db, sql, -1, out var stmt, IntPtr.Zero) != 0)
            {
                return IntPtr.Zero;
            }

            try
            {
                if (sqlite3_bind_pointer(stmt, 1, &api, type, IntPtr.Zero) != 0 || sqlite3_step(stmt) != SqliteRow)
                {
                    return IntPtr.Zero;
                }
            }
            finally
            {
                _ = sqlite3_finalize(stmt);
            }
        }

        return api;
    }

    // Offsets into Fts5ExtensionApi (fts5.h): iVersion, then one function pointer per member in declaration order.
    private static IntPtr Member(IntPtr api, int index) => *(IntPtr*)(api + (index * IntPtr.Size));

    /// <summary>score = Σ idf(p) · f(p)(k1+1) / (f(p) + k1(1 − b + b·|D|/avgdl)), f = column-weighted occurrences; higher is better.</summary>
    [UnmanagedCallersOnly]
    private static void Rank(IntPtr api, IntPtr fts, IntPtr context, int count, IntPtr* values)
    {
        var rowCount = (delegate* unmanaged<IntPtr, long*, int>)Member(api, 3);
        var totalSize = (delegate* unmanaged<IntPtr, int, long*, int>)Member(api, 4);
        var phraseCount = (delegate* unmanaged<IntPtr, int>)Member(api, 6);
        var instCount = (delegate* unmanaged<IntPtr, int*, int>)Member(api, 8);
        var inst = (delegate* unmanaged<IntPtr, int, int*, int*, int*, int>)Member(api, 9);
        var columnSize = (delegate* unmanaged<IntPtr, int, int*, int>)Member(api, 12);

        var phrases = phraseCount(fts);
        long rows = 0, tokens = 0;
        int length = 0, instances = 0;
        if (rowCount(fts, &rows) != 0 || totalSize(fts, -1, &tokens) != 0 || columnSize(fts, -1, &length) != 0
            || instCount(fts, &instances) != 0)
        {
            sqlite3_result_error_code(context, 1);
            return;
        }

        var weights = stackalloc double[2];
        weights[0] = count > 0 ? sqlite3_value_double(values[0]) : 1.0;
        weights[1] = count > 1 ? sqlite3_value_double(values[1]) : 1.0;
        var frequency = stackalloc double[Math.Min(phrases, 64)];
        var tracked = Math.Min(phrases, 64);
        for (var i = 0; i < tracked; i++)
        {
            frequency[i] = 0;
        }

        for (var i = 0; i < instances; i++)
        {
            int phrase, column, offset;
            if (inst(fts, i, &phrase, &column, &offset) == 0 && phrase < tracked)
            {
                frequency[phrase] += column is >= 0 and < 2 ? weights[column] : 1.0;
            }
        }

        var average = rows > 0 && tokens > 0 ? tokens / (double)rows : 1.0;
        var norm = K1 * (1 - B + (B * length / average));
        var score = 0.0;
        for (var p = 0; p < tracked; p++)
        {
            if (frequency[p] > 0)
            {
                var idf = count > 2 + p ? sqlite3_value_double(values[2 + p]) : 1.0;
                score += idf * frequency[p] * (K1 + 1) / (frequency[p] + norm);
            }
        }

        sqlite3_result_double(context, score);
    }
}

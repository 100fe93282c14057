using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace IpLookupSensor.Fuzz;

/// <summary>
/// The blocks SharpFuzz instrumented, read back from the IL it wrote, so that a trace map byte can be named: a block
/// with id <c>cur</c> entered from the block with id <c>prev</c> counts in byte <c>cur ^ (prev &gt;&gt; 1)</c>. Only
/// the pairs within one method are named (a call or a return crosses methods; those stay unnamed).
/// </summary>
internal sealed class TraceBlocks
{
    private readonly List<Block> _blocks = [];
    private readonly List<string> _methods = [];
    private readonly ILookup<int, Block> _byPrevious;

    public TraceBlocks(IEnumerable<string> assemblyPaths)
    {
        foreach (string path in assemblyPaths)
        {
            using var pe = new PEReader(File.OpenRead(path));
            Read(pe);
        }

        _byPrevious = _blocks.ToLookup(block => block.Id >> 1);
    }

    /// <summary>
    /// "Type.Method IL 180 → 236" for each pair of blocks in one method that counts in this map byte; the offsets are
    /// those of the instrumented IL (disassemble $FUZZ_DIR/build to read it).
    /// </summary>
    public IEnumerable<string> Name(int mapIndex) =>
        from current in _blocks
        from previous in _byPrevious[mapIndex ^ current.Id]
        where previous.Method == current.Method
        select $"{_methods[current.Method]} IL {previous.Offset} → {current.Offset}";

    private void Read(PEReader pe)
    {
        MetadataReader metadata = pe.GetMetadataReader();
        foreach (TypeDefinitionHandle typeHandle in metadata.TypeDefinitions)
        {
            TypeDefinition type = metadata.GetTypeDefinition(typeHandle);
            foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
            {
                MethodDefinition method = metadata.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress != 0)
                {
                    _methods.Add($"{metadata.GetString(type.Name)}.{metadata.GetString(method.Name)}");
                    byte[] il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? [];
                    ReadBlocks(metadata, _methods.Count - 1, il);
                }
            }
        }
    }

    // What SharpFuzz writes at each block: ldsfld Trace.SharedMem; ldc.i4 id; ldsfld Trace.PrevLocation; xor; ...
    private void ReadBlocks(MetadataReader metadata, int method, byte[] il)
    {
        for (int i = 0; i + 16 <= il.Length; i++)
        {
            if (
                il[i] == 0x7E
                && il[i + 5] == 0x20
                && il[i + 10] == 0x7E
                && il[i + 15] == 0x61
                && IsSharedMem(metadata, BitConverter.ToInt32(il, i + 1))
            )
            {
                _blocks.Add(new Block(BitConverter.ToInt32(il, i + 6), method, i));
            }
        }
    }

    private static bool IsSharedMem(MetadataReader metadata, int token)
    {
        const int memberReferenceTable = 0x0A;
        int row = token & 0xFFFFFF;
        return token >>> 24 == memberReferenceTable
            && row >= 1
            && row <= metadata.GetTableRowCount(TableIndex.MemberRef)
            && metadata.GetString(metadata.GetMemberReference(MetadataTokens.MemberReferenceHandle(row)).Name)
                == "SharedMem";
    }

    private readonly record struct Block(int Id, int Method, int Offset);
}

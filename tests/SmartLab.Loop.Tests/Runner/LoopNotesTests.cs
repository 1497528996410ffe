using SmartLab.Loop.Runner;

namespace SmartLab.Loop.Tests.Runner;

public sealed class LoopNotesTests
{
    [Fact]
    public void ToString_ThenTryParse_RoundTripsWithItsKeys()
    {
        var notes = new LoopNotes("anneal-sheet-resistance", 12, "measure");

        Assert.Equal("loop:anneal-sheet-resistance:12:measure", notes.ToString());
        Assert.Equal(notes, LoopNotes.TryParse(notes.ToString()));
        Assert.Equal("loop-anneal-sheet-resistance-12-measure", notes.JobKey);
        Assert.Equal("loop-anneal-sheet-resistance-12-sample", LoopNotes.SampleKeyFor("anneal-sheet-resistance", 12));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("please handle with care")]
    [InlineData("loop:x:0:anneal")]
    [InlineData("loop:x:one:anneal")]
    [InlineData("loop:x:1")]
    [InlineData("loop:x:1:anneal:extra")]
    [InlineData("loop::1:anneal")]
    public void TryParse_NotALoopTag_ReturnsNull(string? notes) => Assert.Null(LoopNotes.TryParse(notes));
}

using System.Text;
using System.Text.RegularExpressions;

namespace NodeStack.Tests.Documentation;

/// <summary>
/// The parts of a Markdown file that links depend on: its relative links and the anchors its headings get on GitHub.
/// Fenced code blocks and code spans are skipped, so a <c># comment</c> in a bash block is no heading and
/// <c>[x](y)</c> inside backticks is no link.
/// </summary>
public sealed partial class MarkdownDocument
{
    private MarkdownDocument(string path, IReadOnlyList<string> links, IReadOnlySet<string> anchors)
    {
        Path = path;
        Links = links;
        Anchors = anchors;
    }

    public string Path { get; }

    /// <summary>Link targets that are neither absolute URLs nor mail addresses, as written (<c>docs/x.md#anchor</c>).</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>Heading anchors as GitHub generates them (duplicates numbered <c>-1</c>, <c>-2</c>), plus explicit <c>&lt;a id&gt;</c>s.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownDocument Load(string path)
    {
        var links = new List<string>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var text = CodeSpan().Replace(line, "");
            links.AddRange(Link().Matches(text).Select(m => m.Groups["target"].Value).Where(IsRelative));
            anchors.UnionWith(ExplicitAnchor().Matches(line).Select(m => m.Groups["id"].Value));
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                anchors.Add(Unique(Slug(heading.Groups["text"].Value), anchors));
            }
        }

        return new MarkdownDocument(path, links, anchors);
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen.</summary>
    public static string Slug(string headingText)
    {
        var text = Link().Replace(headingText, m => m.Groups["text"].Value).Trim().ToLowerInvariant();
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private static string Unique(string slug, HashSet<string> taken)
    {
        var candidate = slug;
        for (var n = 1; taken.Contains(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }

    private static bool IsRelative(string target) =>
        !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex ExplicitAnchor();
}

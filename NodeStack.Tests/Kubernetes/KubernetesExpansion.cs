using System.Text;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// Kubernetes' <c>$(VAR)</c> expansion of container args and env values, as the kubelet does it (k8s.io/kubernetes
/// third_party/forked/golang/expansion): <c>$$</c> becomes <c>$</c>, <c>$(NAME)</c> the variable's value when defined
/// (left as is otherwise), and any other <c>$</c> stays.
/// </summary>
internal static class KubernetesExpansion
{
    public static string Expand(string input, IReadOnlyDictionary<string, string> variables)
    {
        var output = new StringBuilder();
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                output.Append(input[i]);
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
            }
            else if (next == '(' && input.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = input[(i + 2)..close];
                output.Append(variables.TryGetValue(name, out var value) ? value : $"$({name})");
                i = close;
            }
            else
            {
                output.Append('$');
            }
        }

        return output.ToString();
    }
}

using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Secrets;

/// <summary>
/// Says that a container reads the value of a secret parameter from a file at <paramref name="ContainerPath"/>,
/// so the secret never appears in its arguments or environment. Locally the file is written into the container
/// when it is created; a Kubernetes publisher mounts the parameter's Secret at the same path.
/// </summary>
/// <param name="Secret">The secret parameter whose value the file holds.</param>
/// <param name="ContainerPath">The absolute path of the file inside the container.</param>
internal sealed record ContainerSecretFileAnnotation(ParameterResource Secret, string ContainerPath) : IResourceAnnotation;

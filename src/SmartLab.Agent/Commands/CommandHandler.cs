namespace SmartLab.Agent.Commands;

/// <summary>
/// Carries out one command. Return <see cref="CommandResult.Completed(object?)"/>, or
/// <see cref="CommandResult.Rejected"/> for a request that is refused before anything moved; throw (or return
/// <see cref="CommandResult.Failed"/>) when the action went wrong. A <see cref="Parameters.ParameterException"/> becomes <c>rejected</c>.
/// </summary>
public delegate Task<CommandResult> CommandHandler(CommandContext command, CancellationToken cancellationToken);

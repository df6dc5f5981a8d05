using DiveML.Samples.Cli;

return CommandRunner.Run(args, Console.Out, Console.Error);

namespace DiveML.Trainers;

/// <summary>Optimisation algorithm.</summary>
public enum OptimizerKind
{
    /// <summary>Minibatch stochastic gradient descent (d2l 3.2).</summary>
    Sgd,
    /// <summary>Adam (d2l 11.10); robust to the learning rate, the usual choice for tabular MLPs.</summary>
    Adam,
}

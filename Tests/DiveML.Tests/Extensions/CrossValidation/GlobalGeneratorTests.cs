using DiveML.Tests.Support;

namespace DiveML.Tests.Extensions;

/// <summary>Folds whose network draws from libtorch's global generator (nn.Dropout in a user's module) take turns, and give the numbers they give one at a time.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public class GlobalGeneratorTests
{
    [Fact]
    public void Folds_of_a_network_with_nn_Dropout_fitted_at_once_give_the_report_of_folds_fitted_one_at_a_time()
        => CrossValidatorTests.AssertFoldsAtOnceAsOneAtATime("custom-dropout");
}

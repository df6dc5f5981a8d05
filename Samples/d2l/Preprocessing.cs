using DiveML.Extensions.Data;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 2.2: read a CSV, fill missing numbers with the mean, one-hot encode text with a NaN column, make tensors.</summary>
public static class Preprocessing
{
    public static void HouseTiny(SampleRun run)
    {
        // The book writes ../data/house_tiny.csv; "NA" is missing, as pandas' read_csv reads it.
        var path = Path.Combine(run.WorkDirectory, "house_tiny.csv");
        File.WriteAllText(path, "NumRooms,Alley,Price\nNA,Pave,127500\n2,NA,106000\n4,NA,178100\nNA,NA,140000\n");
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromCsv(path);
        run.Line("data = pd.read_csv(data_file):");
        Print(run, data, ["NumRooms", "Alley", "Price"]);

        // inputs, outputs = data.iloc[:, 0:2], data.iloc[:, 2]; inputs.fillna(inputs.mean()); pd.get_dummies(inputs, dummy_na=True)
        var inputs = ml.Transforms.SelectColumns("NumRooms", "Alley").Fit(data).Transform(data);
        var prep = ml.Transforms.FillNaMean().Append(ml.Transforms.GetDummies()).Fit(inputs);
        var filled = prep.Transform(inputs);
        run.Show("fillna: mean of NumRooms", prep.OfType<FillNaMeanTransformer>().Single().Means["NumRooms"]);
        run.Show("get_dummies columns", prep.LastTransformer.OutputFeatureNames);
        run.Line("inputs after fillna(mean) and get_dummies(dummy_na=True):");
        Print(run, filled, ["NumRooms", "Alley"]);

        var rooms = filled.GetColumn<double>("NumRooms").ToArray();
        var alley = filled.GetColumn<VBuffer<float>>("Alley").Select(v => v.DenseValues().ToArray()).ToArray();
        var X = tensor(rooms.Select((r, i) => new[] { (float)r }.Concat(alley[i])).SelectMany(r => r).ToArray(), [rooms.Length, 3]);
        var y = tensor(data.GetColumn<long>("Price").Select(p => (float)p).ToArray());
        run.Show("X", X);
        run.Show("y", y);
    }

    private static void Print(SampleRun run, IDataView view, string[] columns)
    {
        var preview = view.Preview();
        foreach (var row in preview.RowView)
        {
            // The last column of a name is the current one (a transform in place hides the original).
            var cells = columns.Select(c => row.Values.Last(v => v.Key == c).Value switch
            {
                VBuffer<float> vector => SampleRun.Format(vector.DenseValues().ToArray()),
                ReadOnlyMemory<char> text => text.Length == 0 ? "NaN" : text.ToString(),
                var value => SampleRun.Format(value),
            });
            run.Line("  " + string.Join("  ", cells));
        }
    }
}

using FluentValidation;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Upload;

internal sealed class DatasetUploadValidator : AbstractValidator<DatasetUpload>
{
    public const string NamePattern = "^[a-z0-9][a-z0-9._-]*$";
    public const int MaxNameLength = 100;

    public DatasetUploadValidator()
    {
        RuleFor(u => u.Name).NotEmpty().WithMessage("Name the dataset, e.g. 'iris'.")
            .MaximumLength(MaxNameLength)
            .Matches(NamePattern).WithMessage(
                "Dataset names use lowercase letters, digits, '.', '_' and '-', and start with a letter or digit (e.g. 'iris' or 'penguins-2024').");
        RuleFor(u => u.Description).MaximumLength(1000);
        RuleFor(u => u.FileName).NotEmpty().WithMessage("The uploaded file has no name.").MaximumLength(255).OverridePropertyName("file");
    }
}

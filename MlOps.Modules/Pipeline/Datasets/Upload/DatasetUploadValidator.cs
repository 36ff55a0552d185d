using FluentValidation;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Upload;

internal sealed class DatasetUploadValidator : AbstractValidator<DatasetUpload>
{
    public DatasetUploadValidator()
    {
        RuleFor(u => u.Name).NotEmpty().WithMessage("Name the dataset, e.g. 'iris'.")
            .Must(Names.IsLowercaseName).WithMessage(
                "Dataset names use lowercase letters, digits, '.', '_' and '-', and start with a letter or digit (e.g. 'iris' or 'penguins-2024').");
        RuleFor(u => u.Description).MaximumLength(1000);
        RuleFor(u => u.FileName).NotEmpty().WithMessage("The uploaded file has no name.").MaximumLength(255)
            .Must(Names.IsPrintable).WithMessage(Names.ControlCharacterRule).OverridePropertyName("file");
    }
}

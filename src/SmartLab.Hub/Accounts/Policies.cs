namespace SmartLab.Hub.Accounts;

public static class Policies
{
    public const string Admin = "admin";
    public const string Staff = "staff";
}
